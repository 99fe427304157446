import type { DatasetOptions, SeedDataset } from '../seed-dataset.js';

export type SeedProfile = 'demo' | 'load';

/**
 * Every profile `seed()` can write, by name. Datasets are loaded on demand so faker is read only when
 * a seed actually runs.
 */
export const DATASETS: Record<SeedProfile, (options: DatasetOptions) => Promise<SeedDataset>> = {
  demo: async (options) => (await import('./demo.js')).demoDataset(options),
  load: async (options) => (await import('./load.js')).loadDataset(options),
};
