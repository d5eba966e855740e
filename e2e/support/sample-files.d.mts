/** Types of sample-files.mjs, for the TypeScript suites. */
export declare function png(width: number, height: number, rgb?: [number, number, number]): Buffer;
export declare const pdf: Buffer;
export declare const exe: Buffer;
