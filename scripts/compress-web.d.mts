/** Types of scripts/compress-web.mjs (the build's precompression step). */
export function compressWebApp(root: string): { count: number; before: number; brotli: number };
