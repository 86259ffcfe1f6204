// Entry point of the costs panel: connect the channel, say `ready`, then ask for the state of
// the saved query (period and filters). A new query supersedes a load still running; the
// host's `changed` asks again for the same query, once the running load (if any) is done.
import { type CostsQuery, costsProtocol } from '../../shared/protocol/costs';
import { connectToHost } from '../common/hostChannel';
import { webviewStorage } from '../common/vscodeApi';
import { CostsView } from './costsView';
import { errorText, isCancelled } from './errors';
import { QueryStore, sameQuery } from './queryStore';
import { ChartTheme } from './themeColors';
import { warmUpCharts } from './charts';

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('Baton: #app is missing from the costs page.');
  const store = new QueryStore(webviewStorage());
  let running: AbortController | undefined;
  /** A `changed` arrived while a load ran: load again when it ends. */
  let stale = false;

  const channel = connectToHost(costsProtocol, {
    commands: {},
    requests: {},
    notifications: {
      changed: () => {
        if (running) stale = true;
        else load(store.query);
      },
    },
  });

  /** Shows the outcome of the latest load; then loads again if the host said `changed` meanwhile. */
  const finish = (mine: AbortController, show: () => void): void => {
    if (running !== mine) return;
    running = undefined;
    show();
    if (stale) load(store.query);
  };

  function load(query: CostsQuery): void {
    store.setQuery(query);
    running?.abort();
    stale = false;
    const mine = new AbortController();
    running = mine;
    view.setLoading(true);
    channel.request('load', store.query, { signal: mine.signal }).then(
      (state) => finish(mine, () => view.show(state)),
      (error: unknown) => {
        // A load superseded by a newer one was cancelled on purpose.
        if (isCancelled(error) && running !== mine) return;
        finish(mine, () => view.showError(errorText(error)));
      },
    );
  }

  const theme = new ChartTheme();
  const view = new CostsView(root, store, theme, {
    query: (query) => {
      if (!sameQuery(query, store.query) || !running) load(query);
    },
    retry: () => load(store.query),
    exportCsv: () => channel.command('exportCsv', { query: store.query }),
    openBudgets: () => channel.command('openBudgetSettings'),
    configureProviders: () => channel.command('configureProviders'),
    setApiKey: () => channel.command('setApiKey'),
    scanUsage: () => channel.command('scanUsage'),
    fetchRows: (ids) => channel.request('requests', { ids: [...ids] }),
    lookupRows: (anomaly) => channel.request('anomalyRequests', { kind: anomaly.kind, day: anomaly.day, provider: anomaly.provider, query: store.query }),
    fetchDetail: (id) => channel.request('request', { id }),
  });
  channel.sendReady();
  load(store.query);
  // After the request is posted: the warm-up runs while the host builds the state.
  window.setTimeout(() => {
    try {
      warmUpCharts(theme);
    } catch (error) {
      console.warn('Baton: could not warm up the charts.', error);
    }
  }, 0);
}

start();
