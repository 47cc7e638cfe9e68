// Phones take 4000-pixel photos of several MB; shrunk on the phone to ≤ 1600 px JPEG they are a few
// hundred KB — what a village's network and the outbox (photos wait in IndexedDB) can carry.
export const MAX_SIDE = 1600;

/** The size a w × h photo is drawn at: the long side at most MAX_SIDE, never enlarged. */
export function fitWithin(w: number, h: number, max = MAX_SIDE): { width: number; height: number } {
  const k = Math.min(1, max / Math.max(w, h));
  return { width: Math.round(w * k), height: Math.round(h * k) };
}

export async function shrink(file: Blob): Promise<Blob> {
  try {
    const bmp = await createImageBitmap(file, { imageOrientation: "from-image" });
    const { width, height } = fitWithin(bmp.width, bmp.height);
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    canvas.getContext("2d")?.drawImage(bmp, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, "image/jpeg", 0.8));
    return blob ?? file;
  } catch {
    // A WebView without createImageBitmap: the original goes; the server shrinks and strips it too.
    return file;
  }
}
