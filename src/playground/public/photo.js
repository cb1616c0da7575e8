// A photo from the computer, sent as the owner's LINE image message. LINE takes photos up to 10 MB and
// sends them as JPEG; a picture in another format (WebP, GIF…) is turned into a JPEG here, as the app does.
export const PHOTO_LIMIT_BYTES = 10 * 1024 * 1024;
const SENT_AS_IS = new Set(['image/jpeg', 'image/png']);

export class PhotoRefused extends Error {}

/** Checks and prepares a chosen file; throws PhotoRefused with what to tell the person. */
export async function photoToSend(file) {
  if (!file.type.startsWith('image/')) throw new PhotoRefused(`「${file.name}」不是照片，只能傳送圖片檔（JPG、PNG 等）。`);
  if (file.size > PHOTO_LIMIT_BYTES) throw new PhotoRefused(`照片太大了（${megabytes(file.size)} MB），LINE 一張最多 10 MB。`);
  if (SENT_AS_IS.has(file.type)) return file;
  const jpeg = await asJpeg(file).catch(() => undefined);
  if (!jpeg) throw new PhotoRefused(`「${file.name}」這種圖片格式打不開，請換成 JPG 或 PNG。`);
  if (jpeg.size > PHOTO_LIMIT_BYTES) throw new PhotoRefused('照片轉成 JPG 後超過 10 MB，請換一張小一點的。');
  return jpeg;
}

async function asJpeg(file) {
  const bitmap = await createImageBitmap(file);
  const canvas = Object.assign(document.createElement('canvas'), { width: bitmap.width, height: bitmap.height });
  const context = canvas.getContext('2d');
  // JPEG has no transparency: white behind, as a photo of a screen would have.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no JPEG'))), 'image/jpeg', 0.9));
}

function megabytes(bytes) {
  return (bytes / 1024 / 1024).toFixed(1);
}
