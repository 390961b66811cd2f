import type { RequestContext } from '@core/context/request-context';
import type { SiakLoaders, SiakPort } from '@adapters/siak';

/** What every population resolver receives: who asks, and this request's fresh loaders. */
export interface PopulationContext {
  request: RequestContext;
  siak: SiakLoaders;
  /** For calls that are not keyed lookups (search); lookups go through the loaders. */
  siakPort: SiakPort;
}
