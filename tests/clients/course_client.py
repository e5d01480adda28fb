# The course's TCP client, as students write it (the lab's "client from the previous tutorial").
# Kept naive on purpose: it sends what you type WITHOUT a newline, then prints what one recv()
# returns. The lab's only change is the port; the tests make the same change to PORT.
import socket

HOST = "127.0.0.1"
PORT = 3333

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect((HOST, PORT))
print("Connected to", HOST, PORT)

while True:
    message = input("Message: ")
    client.sendall(message.encode())
    data = client.recv(1024)
    print("Received:", data.decode())
