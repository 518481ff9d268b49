/**
 * A picked file's bytes as base64 (no `data:` prefix), for the JSON uploads (工作要点, 节假日通知). The browser reads
 * the file only now: one moved, removed or locked since it was picked fails here, and the message says so in Chinese.
 */
export async function fileToBase64(file: File): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new Error(`无法读取文件「${file.name}」，请确认文件仍在原处后重新选择`);
  }
  let bin = '';
  // In slices: String.fromCharCode with a whole file's bytes as arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
