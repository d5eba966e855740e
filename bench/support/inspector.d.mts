/** Types of bench/support/inspector.mjs used outside the bench (test/support/inspector.ts). */
export function devtoolsSession(webSocketUrl: string): Promise<{ call(method: string, params?: object): Promise<any>; close(): void }>;
export function collectGarbageAndMeasureHeap(inspectPort: number): Promise<number>;
