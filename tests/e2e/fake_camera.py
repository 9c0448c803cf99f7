"""A picture shown to Chromium's fake camera: what a child holds up to the tablet.

Chromium reads a fake camera's frames from a file (``--use-file-for-fake-video-capture``) in
the Y4M format, looping over it. This module writes one: the header, then each frame's Y, Cb
and Cr planes (4:2:0, full range as in JPEG: ``C420jpeg``), converted by Pillow. The image
is centred on a light background the size of a small webcam, as a card held in front of
the lens would be.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

WIDTH, HEIGHT = 640, 480


def framed(image: Image.Image, *, width: int = WIDTH, height: int = HEIGHT,
           margin: int = 24) -> Image.Image:
    """`image` scaled to fit the camera's frame with a margin, centred on white."""
    image = image.convert("RGB")
    scale = min((width - 2 * margin) / image.width, (height - 2 * margin) / image.height)
    size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
    frame = Image.new("RGB", (width, height), "white")
    frame.paste(image.resize(size, Image.Resampling.LANCZOS),
                ((width - size[0]) // 2, (height - size[1]) // 2))
    return frame


def write_y4m(path: Path, image: Image.Image, *, frames: int = 2, fps: int = 10) -> Path:
    """`image` (its width and height even) as a Y4M video of `frames` identical frames."""
    if image.width % 2 or image.height % 2:
        raise ValueError("4:2:0 needs an even width and height")
    y, cb, cr = image.convert("RGB").convert("YCbCr").split()
    half = (image.width // 2, image.height // 2)
    planes = (y.tobytes()
              + cb.resize(half, Image.Resampling.BOX).tobytes()
              + cr.resize(half, Image.Resampling.BOX).tobytes())
    header = f"YUV4MPEG2 W{image.width} H{image.height} F{fps}:1 Ip A1:1 C420jpeg\n"
    with path.open("wb") as video:
        video.write(header.encode("ascii"))
        for _ in range(frames):
            video.write(b"FRAME\n")
            video.write(planes)
    return path


def camera_args(video: Path) -> list[str]:
    """Chromium's switches for a camera that films `video`, granted without a prompt."""
    return ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"]
