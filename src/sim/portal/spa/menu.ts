// The 營業人 side menu of the redesigned site: expanding groups, the seed's path among them
// (電子發票專用字軌號碼取號 → 電子發票上傳作業 → the blank-number page), and the functions the
// chore never needs, so the menu looks like the real one.
import { menu, spa } from '../texts.ts';
import type { SpaLabels } from '../texts.ts';
import { SPA_ROUTES } from './routes.ts';

export type MenuItem =
  | { readonly kind: 'group'; readonly label: string; readonly items: readonly MenuItem[] }
  | { readonly kind: 'link'; readonly label: string; readonly route: string };

function group(label: string, items: readonly MenuItem[]): MenuItem {
  return { kind: 'group', label, items };
}

function link(label: string, route: string): MenuItem {
  return { kind: 'link', label, route };
}

/** A function that only shows a "browse only" page in the simulator. */
function stub(id: string, label: string): MenuItem {
  return link(label, `${SPA_ROUTES.functionsPrefix}${id}`);
}

export function sideMenu(labels: SpaLabels): readonly MenuItem[] {
  return [
    group(menu.progress, [stub('case-progress', spa.caseProgressQuery)]),
    group(menu.trackNumbers, [
      group(menu.upload, [link(labels.blankUpload, SPA_ROUTES.blank), stub('allocation-query', menu.allocationQuery)]),
      stub('branch-rights', menu.branchRights),
      stub('van-download', menu.vanDownload),
    ]),
    group(menu.smartLife, [stub('smart-life', spa.smartLifeStores)]),
    group(menu.utilities, [stub('utilities', spa.utilitiesUpload)]),
  ];
}
