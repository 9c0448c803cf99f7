import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { renderWithProviders } from '../../test/render';
import { QrScanner } from './QrScanner';

/** A camera as the browser gives it: one video track, stopped when the page lets it go. */
function fakeCamera() {
  const streams: { facing: unknown; stop: ReturnType<typeof vi.fn> }[] = [];
  const getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) => {
    const stop = vi.fn();
    const video = constraints.video as MediaTrackConstraints;
    streams.push({ facing: video.facingMode, stop });
    return { getTracks: () => [{ stop }] } as unknown as MediaStream;
  });
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia } });
  return { getUserMedia, streams };
}

describe('QrScanner', () => {
  beforeEach(() => {
    // jsdom plays no video.
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    Reflect.deleteProperty(navigator, 'mediaDevices');
  });

  it('films with the front camera and gives a card held up once, however long it stays', async () => {
    const { getUserMedia, streams } = fakeCamera();
    // Nothing in the picture at first, then the card, seen on every frame after.
    const decode = vi.fn<(video: HTMLVideoElement) => string | null>().mockReturnValueOnce(null).mockReturnValue('preau-card:abc');
    const onCode = vi.fn();
    const { unmount } = renderWithProviders(<QrScanner onCode={onCode} decode={decode} />);

    expect(screen.getByText('Montre ta carte à la caméra.')).toBeInTheDocument();
    expect(getUserMedia).toHaveBeenCalledWith({ video: { facingMode: { ideal: 'user' } }, audio: false });
    await waitFor(() => expect(onCode).toHaveBeenCalledWith('preau-card:abc'));
    await waitFor(() => expect(decode.mock.calls.length).toBeGreaterThan(4));
    expect(onCode).toHaveBeenCalledTimes(1);

    unmount();
    expect(streams[0]?.stop).toHaveBeenCalled();
  });

  it('reads nothing while a card is being checked', async () => {
    fakeCamera();
    const decode = vi.fn(() => 'preau-card:abc');
    const onCode = vi.fn();
    renderWithProviders(<QrScanner onCode={onCode} decode={decode} paused />);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(decode).not.toHaveBeenCalled();
    expect(onCode).not.toHaveBeenCalled();
  });

  it('switches to the other camera, letting the first one go', async () => {
    const { getUserMedia, streams } = fakeCamera();
    const { user } = renderWithProviders(<QrScanner onCode={vi.fn()} decode={() => null} />);
    await waitFor(() => expect(getUserMedia).toHaveBeenCalledTimes(1));
    await user.click(screen.getByRole('button', { name: 'Changer de caméra' }));
    await waitFor(() => expect(getUserMedia).toHaveBeenCalledTimes(2));
    expect(streams.map((stream) => stream.facing)).toEqual([{ ideal: 'user' }, { ideal: 'environment' }]);
    expect(streams[0]?.stop).toHaveBeenCalled();
  });

  it('says so when the camera is refused or missing', async () => {
    Object.defineProperty(navigator, 'mediaDevices', {
      configurable: true,
      value: { getUserMedia: vi.fn().mockRejectedValue(new DOMException('denied', 'NotAllowedError')) },
    });
    renderWithProviders(<QrScanner onCode={vi.fn()} decode={() => null} />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'La caméra n’est pas autorisée sur cette tablette. Demande à ton enseignant.',
    );
  });

  it('says so on a browser without a camera', async () => {
    renderWithProviders(<QrScanner onCode={vi.fn()} decode={() => null} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Pas de caméra disponible sur cet appareil.');
  });
});
