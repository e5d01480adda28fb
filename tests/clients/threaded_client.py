# A student project's chat client (like the one of the course's chat project): one thread prints whatever the server
# sends, the main loop sends what you type, WITHOUT a newline. Kept as naive as students write
# it; the tests change only PORT.
import socket
import threading

HOST = "127.0.0.1"
PORT = 65432


def receive_messages(sock):
    while True:
        try:
            data = sock.recv(1024)
            if not data:
                print("Disconnected from server.")
                break
            print(data.decode())
        except:
            break


client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect((HOST, PORT))

thread = threading.Thread(target=receive_messages, args=(client,))
thread.daemon = True
thread.start()

while True:
    message = input()
    client.send(message.encode())
