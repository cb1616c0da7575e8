// The HTML of the credential pages: one small, self-contained document per answer. No scripts and no
// outside assets (the Content-Security-Policy forbids both), so it works in LINE's in-app browser as is.
import { fieldProblemText, formCopy } from './credential-form-copy.ts';
import { escapeHtml } from './html.ts';
import { mobilePage } from './page-shell.ts';

export type FieldName = 'ubn' | 'account' | 'password';
export type FieldProblems = Partial<Record<FieldName, string>>;

export interface FormView {
  readonly displayName: string;
  /** Taipei wall-clock time the link stops working, e.g. `14:35`. */
  readonly deadline: string;
  readonly csrf: string;
  /** What to put back in the fields; there is deliberately no password here. */
  readonly values: { readonly ubn: string; readonly account: string };
  readonly problems: FieldProblems;
}

export interface MessageCopy {
  readonly title: string;
  readonly lines: readonly string[];
}

export const CSRF_FIELD = 'csrf';

// 16px+ inputs keep iOS from zooming in; 48px+ targets fit a thumb; max-width and overflow-wrap keep
// a long store name from widening the page past a 360px screen.
const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f4f6f8;color:#1f2328;font:17px/1.6 system-ui,-apple-system,"PingFang TC","Noto Sans TC","Microsoft JhengHei",sans-serif}
main{max-width:30rem;margin:0 auto;padding:24px 16px 40px}
h1{margin:0 0 12px;font-size:1.45rem;line-height:1.3}
p{margin:0 0 12px;overflow-wrap:anywhere}
.store{font-weight:600}
.safety{padding:12px 14px;border-radius:10px;background:#e6f4ea}
.summary{padding:12px 14px;border-radius:10px;background:#fdecea;color:#a40e26;font-weight:600}
form{margin-top:20px}
.field{margin-bottom:20px}
label{display:block;margin-bottom:6px;font-weight:600}
input{display:block;width:100%;min-height:50px;padding:10px 12px;border:1px solid #8c959f;border-radius:10px;background:#fff;color:inherit;font:inherit;font-size:1.1rem}
input:focus{outline:3px solid #00703c;outline-offset:1px}
input[aria-invalid=true]{border:2px solid #c5221f}
.problem{margin:6px 0 0;color:#c5221f;font-size:.95rem}
button{width:100%;min-height:54px;border:0;border-radius:12px;background:#00703c;color:#fff;font:inherit;font-size:1.15rem;font-weight:700}
button:active{background:#005a30}
`;

export function renderFormPage(view: FormView): string {
  const hasProblems = Object.keys(view.problems).length > 0;
  const problems: FieldProblems = hasProblems ? { password: fieldProblemText.passwordAgain(), ...view.problems } : {};
  const firstProblem = (['ubn', 'account', 'password'] as const).find((name) => problems[name] !== undefined);
  const body = [
    `<h1>${escapeHtml(formCopy.title)}</h1>`,
    `<p class="store">${escapeHtml(formCopy.store(view.displayName))}</p>`,
    `<p>${escapeHtml(formCopy.intro)}</p>`,
    `<p class="safety">${escapeHtml(formCopy.safety)}</p>`,
    `<p>${escapeHtml(formCopy.deadline(view.deadline))}</p>`,
    hasProblems ? `<p class="summary" role="alert">${escapeHtml(formCopy.fixBelow)}</p>` : '',
    // No action: the form posts back to the very address it was opened at, whatever prefix a proxy adds.
    '<form method="post" novalidate>',
    `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(view.csrf)}">`,
    field({ name: 'ubn', label: formCopy.ubnLabel, value: view.values.ubn, attributes: 'inputmode="numeric" autocomplete="off"' }, problems, firstProblem),
    field(
      { name: 'account', label: formCopy.accountLabel, value: view.values.account, attributes: 'autocomplete="username" autocapitalize="none" autocorrect="off" spellcheck="false"' },
      problems,
      firstProblem,
    ),
    field({ name: 'password', label: formCopy.passwordLabel, value: '', attributes: 'type="password" autocomplete="current-password"' }, problems, firstProblem),
    `<button type="submit">${escapeHtml(formCopy.submit)}</button>`,
    '</form>',
  ];
  return documentOf(formCopy.title, body.join('\n'));
}

export function renderMessagePage(copy: MessageCopy): string {
  const body = [`<h1>${escapeHtml(copy.title)}</h1>`, ...copy.lines.map((line) => `<p>${escapeHtml(line)}</p>`)];
  return documentOf(copy.title, body.join('\n'));
}

interface FieldSpec {
  readonly name: FieldName;
  readonly label: string;
  readonly value: string;
  /** Fixed attribute text written by this module, never owner input. */
  readonly attributes: string;
}

// The problem sits outside the <label> (linked by aria-describedby) so the label stays exactly 「統一編號」 etc.
function field(spec: FieldSpec, problems: FieldProblems, firstProblem: FieldName | undefined): string {
  const problem = problems[spec.name];
  const problemId = `${spec.name}-problem`;
  const value = spec.value === '' ? '' : ` value="${escapeHtml(spec.value)}"`;
  const state = problem === undefined ? '' : ` aria-invalid="true" aria-describedby="${problemId}"`;
  const focus = firstProblem === spec.name ? ' autofocus' : '';
  return [
    '<div class="field">',
    `<label for="${spec.name}">${escapeHtml(spec.label)}</label>`,
    `<input id="${spec.name}" name="${spec.name}" ${spec.attributes}${value}${state}${focus}>`,
    problem === undefined ? '' : `<p class="problem" id="${problemId}">${escapeHtml(problem)}</p>`,
    '</div>',
  ].join('\n');
}

function documentOf(title: string, body: string): string {
  return mobilePage(title, STYLE, body);
}
