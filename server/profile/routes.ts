import { Router, type Request } from 'express';
import { currentUserId, requireUser } from '../auth/session.js';
import { AppError } from '../shared/errors.js';
import { parse } from '../shared/validation.js';
import { presentSection } from './presenter.js';
import type { ProfileService } from './profileService.js';
import { profileQuery, sectionBodies, sectionParam, type SectionInput } from './schema.js';
import { PROFILE_SECTIONS, type ProfileSection } from './sections.js';

/** An unknown section is an unknown resource: not_found naming the valid ones. */
function sectionOf(req: Request): ProfileSection {
  const parsed = sectionParam.safeParse(req.params);
  if (!parsed.success) {
    throw new AppError(
      'not_found',
      `Unknown profile section; use one of ${PROFILE_SECTIONS.join(', ')}`,
    );
  }
  parse(profileQuery, req.query, 'Query');
  return parsed.data.section;
}

/** `/api/profile/:section`: the caller's own profile only; no route names a user. */
export function profileRoutes(deps: { profiles: ProfileService }): Router {
  const router = Router();
  router.use(requireUser);

  router.get('/:section', async (req, res) => {
    const section = sectionOf(req);
    const data = await deps.profiles.get(currentUserId(req), section);
    res.json({ profile: presentSection(section, data) });
  });

  router.put('/:section', async (req, res) => {
    const section = sectionOf(req);
    const input: SectionInput = parse(sectionBodies[section], req.body, 'Profile');
    const data = await deps.profiles.replace(currentUserId(req), section, input);
    res.json({ profile: presentSection(section, data) });
  });

  return router;
}
