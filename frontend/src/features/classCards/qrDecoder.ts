import jsQR from 'jsqr';

/** Reads a QR code from the camera's current picture: its text, or null (none seen yet). */
export type QrDecoder = (video: HTMLVideoElement) => string | null;

let canvas: HTMLCanvasElement | null = null;

/** jsQR on the video's current frame, drawn on a canvas kept between frames. */
export const decodeVideoFrame: QrDecoder = (video) => {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (!width || !height) return null;
  canvas ??= document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(video, 0, 0, width, height);
  const image = context.getImageData(0, 0, width, height);
  // A printed card is dark on light: the inverted attempt would only double the work.
  return jsQR(image.data, width, height, { inversionAttempts: 'dontInvert' })?.data || null;
};
