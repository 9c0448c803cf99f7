import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

import classes from './ClassCards.module.css';
import { decodeVideoFrame, type QrDecoder } from './qrDecoder';

/** How often a frame is read: often enough to feel immediate, light on a tablet. */
export const SCAN_EVERY_MS = 200;
/** A card just read is not sent again before this (it is still in front of the camera). */
export const SAME_CARD_AGAIN_MS = 4_000;

type Facing = 'user' | 'environment';
type CameraProblem = 'denied' | 'missing' | 'unavailable';

interface QrScannerProps {
  /** A code was read (once per card held up, see SAME_CARD_AGAIN_MS). */
  onCode: (code: string) => void;
  /** While a code is being checked: the camera stays on, nothing is read. */
  paused?: boolean;
  decode?: QrDecoder;
}

function problemOf(error: unknown): CameraProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  return 'unavailable';
}

/**
 * The camera's picture and, several times a second, a look for a QR code in it. The
 * tablet's front camera first (the child holds the card up to the screen); the other one
 * a tap away. The camera is released when the scanner goes.
 */
export function QrScanner({ onCode, paused = false, decode = decodeVideoFrame }: QrScannerProps) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [facing, setFacing] = useState<Facing>('user');
  const [problem, setProblem] = useState<CameraProblem | null>(null);
  const [filming, setFilming] = useState(false);
  const last = useRef<{ code: string; at: number } | null>(null);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  });

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    setProblem(null);
    setFilming(false);
    const devices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!devices?.getUserMedia) {
      // No camera API: an insecure address, or a browser without one.
      setProblem('unavailable');
      return undefined;
    }
    devices
      .getUserMedia({ video: { facingMode: { ideal: facing } }, audio: false })
      .then(async (media) => {
        if (stopped) {
          media.getTracks().forEach((track) => track.stop());
          return;
        }
        stream = media;
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = media;
        try {
          await video.play();
        } catch {
          // Autoplay of a muted inline video is allowed; a refusal still shows the frames.
        }
        if (!stopped) setFilming(true);
      })
      .catch((error: unknown) => {
        if (!stopped) setProblem(problemOf(error));
      });
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
      if (videoRef.current) videoRef.current.srcObject = null;
    };
  }, [facing]);

  useEffect(() => {
    if (!filming || paused) return undefined;
    const timer = window.setInterval(() => {
      const video = videoRef.current;
      if (!video) return;
      const code = decode(video);
      if (!code) return;
      const now = Date.now();
      if (last.current && last.current.code === code && now - last.current.at < SAME_CARD_AGAIN_MS) return;
      last.current = { code, at: now };
      onCodeRef.current(code);
    }, SCAN_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [filming, paused, decode]);

  return (
    <Stack gap="sm" align="center">
      {problem ? (
        <Alert color="red.9" variant="outline" role="alert" title={t('classCards.device.cameraProblem')} w="100%">
          {t(`classCards.device.camera.${problem}`)}
        </Alert>
      ) : (
        <Text fz="xl" ta="center">
          {t('classCards.device.showCard')}
        </Text>
      )}
      <video
        ref={videoRef}
        className={classes.video}
        style={{ '--mirror': facing === 'user' ? -1 : 1 } as CSSProperties}
        autoPlay
        muted
        playsInline
        aria-label={t('classCards.device.cameraView')}
        hidden={problem !== null}
      />
      <Group justify="center">
        <Button
          variant="default"
          size="lg"
          onClick={() => setFacing((was) => (was === 'user' ? 'environment' : 'user'))}
        >
          {t('classCards.device.switchCamera')}
        </Button>
      </Group>
    </Stack>
  );
}
