import { MutationObserver, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { TODAY_QUERY_KEY } from '../features/today/queryKeys';
import { createQueryClient } from './queryClient';

describe('createQueryClient', () => {
  it('refetches the home page after any successful write, so its tags and counts follow', async () => {
    const queryClient = createQueryClient();
    let notesToSign = 1;
    let fetches = 0;
    const today = new QueryObserver(queryClient, {
      queryKey: TODAY_QUERY_KEY,
      queryFn: () => {
        fetches += 1;
        return Promise.resolve({ notesToSign });
      },
    });
    const unsubscribe = today.subscribe(() => undefined);
    await expect.poll(() => today.getCurrentResult().data).toEqual({ notesToSign: 1 });

    // A write of another feature (signing a liaison note), with no key of the home page.
    const sign = new MutationObserver(queryClient, {
      mutationFn: () => {
        notesToSign = 0;
        return Promise.resolve(null);
      },
    });
    await sign.mutate();

    await expect.poll(() => today.getCurrentResult().data).toEqual({ notesToSign: 0 });
    expect(fetches).toBe(2);
    unsubscribe();
  });

  it('leaves the home page alone when a write fails', async () => {
    const queryClient = createQueryClient();
    let fetches = 0;
    const today = new QueryObserver(queryClient, {
      queryKey: TODAY_QUERY_KEY,
      queryFn: () => {
        fetches += 1;
        return Promise.resolve({});
      },
    });
    const unsubscribe = today.subscribe(() => undefined);
    await expect.poll(() => fetches).toBe(1);
    const failing = new MutationObserver(queryClient, { mutationFn: () => Promise.reject(new Error('refused')) });
    await failing.mutate().catch(() => undefined);
    expect(fetches).toBe(1);
    unsubscribe();
  });
});
