import type { SectionData } from './profileService.js';
import type { ProfileSection } from './sections.js';

/** A profile section as its owner sees it. */
export interface ProfileSectionView {
  section: ProfileSection;
  fields: SectionData['fields'];
  /** null until the section is first saved. */
  updatedAt: string | null;
}

export function presentSection(section: ProfileSection, data: SectionData): ProfileSectionView {
  return { section, fields: data.fields, updatedAt: data.updatedAt?.toISOString() ?? null };
}
