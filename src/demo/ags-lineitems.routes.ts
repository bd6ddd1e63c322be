/**
 * AGS 2.0 line items service (§3.2): the container (GET with filters and paging, POST) and one
 * line item (GET, PUT, DELETE), scoped to one context.
 */
import express, { Router, type Request, type Response } from 'express';
import type { DemoDeps } from './deps';
import type { DemoLineItem } from './demo.types';
import { newLineItemId } from './demo-seed';
import { issuesText, lineItemBody } from './ags.schemas';
import { MEDIA, SCOPE } from './lti-vocab';
import { paginate, queryString } from './paging';
import type { DemoUrls } from './urls';

export const agsJson = express.json({ type: ['application/json', 'application/*+json'], limit: '64kb' });

export function lineItemJson(urls: DemoUrls, li: DemoLineItem) {
  return {
    id: urls.lineItem(li.contextId, li.id),
    scoreMaximum: li.scoreMaximum,
    label: li.label,
    ...(li.resourceId !== undefined ? { resourceId: li.resourceId } : {}),
    ...(li.resourceLinkId !== undefined ? { resourceLinkId: li.resourceLinkId } : {}),
    ...(li.tag !== undefined ? { tag: li.tag } : {}),
    ...(li.startDateTime !== undefined ? { startDateTime: li.startDateTime } : {}),
    ...(li.endDateTime !== undefined ? { endDateTime: li.endDateTime } : {}),
    ...(li.gradesReleased !== undefined ? { gradesReleased: li.gradesReleased } : {}),
  };
}

export function problem(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

/** Finds the line item of the URL, answering 404 itself when there is none. */
export function findLineItem(deps: DemoDeps, req: Request, res: Response): DemoLineItem | undefined {
  const { contextId, id } = req.params as { contextId: string; id: string };
  const li = deps.store.data().lineItems.find((x) => x.id === id && x.contextId === contextId);
  if (!li) problem(res, 404, 'not_found', 'No such line item in this context.');
  return li;
}

export function agsLineItemRoutes(deps: DemoDeps): Router {
  const { store, urls, tokens, logger } = deps;
  const router = Router();
  const read = tokens.require(SCOPE.lineItem, SCOPE.lineItemReadonly);
  const write = tokens.require(SCOPE.lineItem);
  const contextExists = (req: Request, res: Response) => {
    const ok = store.data().contexts.some((c) => c.id === req.params.contextId);
    if (!ok) problem(res, 404, 'not_found', 'No such context.');
    return ok;
  };
  const linkInContext = (contextId: string, linkId: string | undefined) =>
    linkId === undefined || store.data().resourceLinks.some((l) => l.id === linkId && l.contextId === contextId);

  router.get('/api/contexts/:contextId/lineitems', read, (req, res) => {
    if (!contextExists(req, res)) return;
    const contextId = String(req.params.contextId);
    const filters = {
      resource_link_id: queryString(req.query.resource_link_id),
      resource_id: queryString(req.query.resource_id),
      tag: queryString(req.query.tag),
    };
    const items = store.data().lineItems.filter((li) => li.contextId === contextId
      && (filters.resource_link_id === undefined || li.resourceLinkId === filters.resource_link_id)
      && (filters.resource_id === undefined || li.resourceId === filters.resource_id)
      && (filters.tag === undefined || li.tag === filters.tag));
    const page = paginate(items, req, res, urls.lineItems(contextId), filters);
    res.type(MEDIA.lineItemContainer).send(JSON.stringify(page.map((li) => lineItemJson(urls, li))));
  });

  router.post('/api/contexts/:contextId/lineitems', write, agsJson, async (req, res) => {
    if (!contextExists(req, res)) return;
    const contextId = String(req.params.contextId);
    const parsed = lineItemBody.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'invalid_request', issuesText(parsed.error));
    const b = parsed.data;
    if (!linkInContext(contextId, b.resourceLinkId)) return problem(res, 400, 'invalid_request', 'resourceLinkId is not a resource link of this context.');
    const li: DemoLineItem = {
      id: newLineItemId(), contextId, scoreMaximum: b.scoreMaximum, label: b.label, resourceId: b.resourceId,
      resourceLinkId: b.resourceLinkId, tag: b.tag, startDateTime: b.startDateTime, endDateTime: b.endDateTime,
      gradesReleased: b.gradesReleased, createdBy: 'tool',
    };
    await store.update((d) => { d.lineItems.push(li); });
    logger.info({ contextId, lineItemId: li.id }, 'demo LMS: line item created');
    res.status(201).location(urls.lineItem(contextId, li.id)).type(MEDIA.lineItem).send(JSON.stringify(lineItemJson(urls, li)));
  });

  router.get('/api/contexts/:contextId/lineitems/:id', read, (req, res) => {
    const li = findLineItem(deps, req, res);
    if (li) res.type(MEDIA.lineItem).send(JSON.stringify(lineItemJson(urls, li)));
  });

  router.put('/api/contexts/:contextId/lineitems/:id', write, agsJson, async (req, res) => {
    const li = findLineItem(deps, req, res);
    if (!li) return;
    const parsed = lineItemBody.safeParse(req.body);
    if (!parsed.success) return problem(res, 400, 'invalid_request', issuesText(parsed.error));
    const b = parsed.data;
    // §3.2.7: the platform may keep resourceLinkId as it is; the demo keeps it.
    await store.update(() => {
      Object.assign(li, {
        scoreMaximum: b.scoreMaximum, label: b.label, resourceId: b.resourceId, tag: b.tag,
        startDateTime: b.startDateTime, endDateTime: b.endDateTime, gradesReleased: b.gradesReleased,
      });
    });
    res.type(MEDIA.lineItem).send(JSON.stringify(lineItemJson(urls, li)));
  });

  router.delete('/api/contexts/:contextId/lineitems/:id', write, async (req, res) => {
    const li = findLineItem(deps, req, res);
    if (!li) return;
    await store.update((d) => {
      d.lineItems = d.lineItems.filter((x) => x !== li);
      d.scores = d.scores.filter((s) => s.lineItemId !== li.id);
    });
    logger.info({ contextId: li.contextId, lineItemId: li.id }, 'demo LMS: line item deleted');
    res.status(204).end();
  });
  return router;
}
