// The large scan under way (the app's first read of a long history), or null: asked for once, then followed by the
// progress the core pushes.
import { useEffect, useState } from 'react';
import type { ScanProgress } from '../../../shared/contract';
import { api } from '../api';
import { useQuery } from './useQuery';

export function useScan(): ScanProgress | null {
  const { data } = useQuery('sources.scan', {});
  const [pushed, setPushed] = useState<ScanProgress | null>(null);
  useEffect(() => api.on('sources.scan', setPushed), []);
  const latest = pushed ?? data;
  return latest && latest.finishedAt === null ? latest : null;
}
