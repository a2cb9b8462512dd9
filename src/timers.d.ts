// Timers exist in every runtime the pure modules run in (Node, browser, web worker, worker_threads),
// but ES2022's lib does not declare them. Declaring only these keeps the rest of the DOM/Node out.
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
