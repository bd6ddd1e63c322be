/**
 * zod at the console's edge: every form body and route parameter. The platform form accepts
 * exactly what `npm run cli -- platform add` accepts (src/cli.ts PlatformAdd): issuer, client
 * id and deployment required, three http(s) URLs, optional names. Messages are i18n keys under
 * admin:field.*, so the form shows them in the operator's language.
 */
import { z } from 'zod';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const required = z.preprocess(blankToUndefined, z.string({ error: 'required' }).max(500, 'tooLong'));
const optional = z.preprocess(blankToUndefined, z.string().max(200, 'tooLong').optional());
const httpUrl = z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: (i) => (i.input === undefined ? 'required' : 'url') }).max(2000, 'tooLong'));

export const PlatformForm = z.object({
  _csrf: z.string().optional(),
  name: optional,
  issuer: required,
  clientId: required,
  authUrl: httpUrl,
  tokenUrl: httpUrl,
  keysetUrl: httpUrl,
  deploymentId: required,
  deploymentName: optional,
});
export type PlatformFormInput = z.infer<typeof PlatformForm>;
export const PLATFORM_FIELDS = ['name', 'issuer', 'clientId', 'authUrl', 'tokenUrl', 'keysetUrl', 'deploymentId', 'deploymentName'] as const;

export const LoginForm = z.object({
  _csrf: z.string().max(200).optional(),
  email: z.string().trim().max(320).default(''),
  password: z.string().max(1024).default(''),
});

export const CsrfOnly = z.object({ _csrf: z.string().max(200).optional() }).passthrough();
export const IdParam = z.object({ id: z.uuid() });
export const LangQuery = z.object({ lang: z.string().max(20).optional() }).passthrough();
