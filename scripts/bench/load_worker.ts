/**
 * The entry point of a load worker thread: turns the coordinator's messages into LoadWorker calls.
 *
 * @module
 */

import { LoadWorker } from "./load.ts";
import type { FromWorker, ToWorker } from "./plan.ts";

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
  close(): void;
};

let load: LoadWorker | undefined;

scope.onmessage = async (event) => {
  const message = event.data;
  switch (message.type) {
    case "connect":
      load = new LoadWorker(message.plan, message.worker, message.shared);
      scope.postMessage(await load.connect());
      break;
    case "go":
      scope.postMessage({ type: "sent", lines: await load!.send(message.startUs) });
      break;
    case "report":
      scope.postMessage(load!.report());
      break;
    case "close":
      await load?.close();
      scope.postMessage({ type: "closed" });
      break;
  }
};
