import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ChainData, ChainSnapshot } from './chain-data.js';

/** The app's one ChainData, given by the shell once someone is signed in. */
export const ChainContext = createContext<ChainData | null>(null);

/** The chain as it is now; re-renders on every live update. */
export function useChain(): ChainSnapshot & { data: ChainData } {
  const data = useContext(ChainContext);
  if (!data) throw new Error('useChain outside ChainContext');
  const snapshot = useSyncExternalStore(data.subscribe, data.getSnapshot);
  return { ...snapshot, data };
}
