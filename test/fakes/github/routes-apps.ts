import type { FakeApp, FakeInstallation } from './app.ts';
import { type FakeContext, userJson } from './context.ts';
import { notFound } from './http-io.ts';
import type { Router } from './router.ts';

/** What the App may do: what Codecot's README asks for. */
const PERMISSIONS = {
  contents: 'write',
  pull_requests: 'write',
  checks: 'read',
  statuses: 'read',
  metadata: 'read',
};

/** The GitHub App endpoints; the server has already checked the JWT (see FakeApp.authorize). */
export function registerAppRoutes(router: Router, context: FakeContext, app: FakeApp): void {
  router
    .add('GET', '/app', () => ({
      status: 200,
      body: {
        id: app.id,
        slug: app.slug,
        name: app.slug,
        owner: userJson(context, 'acme'),
        permissions: PERMISSIONS,
        events: ['check_run', 'check_suite', 'status', 'pull_request', 'deployment_status'],
      },
    }))
    .add('GET', '/repos/:owner/:repo/installation', ({ params }) => {
      const installation = app.installationFor(`${params.owner}/${params.repo}`);
      if (!installation) throw notFound();
      return { status: 200, body: installationJson(context, app, installation) };
    })
    .add('POST', '/app/installations/:id/access_tokens', ({ params }) => {
      if (!app.installations.has(Number(params.id))) throw notFound();
      const issued = app.issueToken(Number(params.id));
      return {
        status: 201,
        body: {
          token: issued.token,
          expires_at: new Date(issued.expiresAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          permissions: PERMISSIONS,
          repository_selection: 'selected',
        },
      };
    });
}

function installationJson(context: FakeContext, app: FakeApp, installation: FakeInstallation) {
  return {
    id: installation.id,
    account: userJson(context, installation.account),
    app_id: app.id,
    app_slug: app.slug,
    target_type: 'Organization',
    repository_selection: 'selected',
    permissions: PERMISSIONS,
    access_tokens_url: `${context.urls.api}/app/installations/${installation.id}/access_tokens`,
  };
}
