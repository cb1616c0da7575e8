// The redesigned platform as a browser app: picks the view for the route, and handles what every
// view may meet — maintenance, an expired session, a server error — in one place.
import { ApiError } from './api.js';
import { routes, texts } from './config.js';
import { alertDialog, closeAllDialogs } from './dialogs.js';
import { navigate, startRouter } from './router.js';
import { blankView } from './views/blank.js';
import { dashboardView, functionView } from './views/business.js';
import { homeView } from './views/home.js';
import { loginView } from './views/login.js';
import { maintenanceView, notFoundView } from './views/messages.js';

function viewFor(path) {
  if (path === routes.home) return homeView;
  if (path === routes.login) return loginView;
  if (path === routes.business) return dashboardView;
  if (path === routes.blank) return blankView;
  if (path.startsWith(routes.functionsPrefix)) return functionView;
  return notFoundView;
}

/** What a view gets: where to draw, how to move on, and how to give up on an error. */
function appFor(path, isCurrent) {
  const root = document.getElementById('app');
  return {
    root,
    path,
    isCurrent,
    navigate,
    fail: (error) => (isCurrent() ? handleFailure(root, error) : undefined),
  };
}

async function handleFailure(root, error) {
  if (!(error instanceof ApiError)) console.error(error);
  switch (error instanceof ApiError ? error.code : 'server') {
    case 'maintenance':
      closeAllDialogs();
      return maintenanceView(root, error.message, error.detail);
    case 'expired':
      closeAllDialogs();
      await alertDialog(texts.errors.expired);
      return navigate(routes.login);
    case 'bot-check':
      // The bot check wants this browser again: reloading shows its interstitial.
      return location.reload();
    default:
      return alertDialog(error instanceof ApiError ? error.message : texts.errors.serverError);
  }
}

startRouter((path, isCurrent) => {
  const app = appFor(path, isCurrent);
  viewFor(path)(app).catch(app.fail);
});
