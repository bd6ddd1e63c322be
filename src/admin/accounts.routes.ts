/** Operator accounts: list and disable (creation and password resets are CLI-only: see admin-cli.ts). */
import express from 'express';
import type { Logger } from '../logger';
import { AppError, notFound } from '../errors';
import type { AccountRepository } from './account.repository';
import { IdParam } from './admin.schemas';
import { requireCsrf, type createPageRenderer } from './admin-web';

type Render = ReturnType<typeof createPageRenderer>;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : undefined);

export function accountRoutes(deps: { accounts: AccountRepository; render: Render; logger: Logger }) {
  const router = express.Router();

  router.get('/accounts', async (req, res) => {
    const me = res.locals.admin!.accountId;
    const list = await deps.accounts.list();
    deps.render(req, res, 'admin-accounts', 'admin:accounts.title', {
      disabledOne: req.query.msg === 'disabled',
      accounts: list.map((a) => ({
        id: a.id, email: a.email, created: day(a.createdAt), lastLogin: day(a.lastLoginAt),
        disabled: !!a.disabledAt, isMe: a.id === me, canDisable: !a.disabledAt && a.id !== me,
      })),
    });
  });

  router.post('/accounts/:id/disable', requireCsrf, async (req, res) => {
    const p = IdParam.safeParse(req.params);
    if (!p.success) throw notFound('no such account');
    // Disabling oneself would lock the console out with nobody signed in to notice.
    if (p.data.id === res.locals.admin!.accountId) throw new AppError('admin_disable_self', 409, 'cannot disable the signed-in account');
    if (!(await deps.accounts.disable(p.data.id))) throw notFound('no such account');
    deps.logger.info({ event: 'admin.account.disabled', account: res.locals.admin!.accountId, target: p.data.id }, 'admin account disabled');
    res.redirect(303, '/admin/accounts?msg=disabled');
  });

  return router;
}
