/** The profile sections' fields as forms show them (server/profile/schema.ts is the authority). */
export interface FieldSpec {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'date' | 'number' | 'list' | 'select';
  options?: string[];
}

export interface SectionSpec {
  section: string;
  title: string;
  note?: string;
  fields: FieldSpec[];
}

export const SECTIONS: SectionSpec[] = [
  {
    section: 'demographics',
    title: 'About you',
    fields: [
      { name: 'preferredName', label: 'Preferred name' },
      { name: 'pronouns', label: 'Pronouns' },
      { name: 'birthdate', label: 'Birthday', kind: 'date' },
      { name: 'city', label: 'City' },
      { name: 'region', label: 'Region or state' },
      { name: 'country', label: 'Country' },
      { name: 'timezone', label: 'Time zone (for example Europe/London)' },
      { name: 'languages', label: 'Languages (separated by commas)', kind: 'list' },
    ],
  },
  {
    section: 'employment',
    title: 'Work',
    fields: [
      {
        name: 'employmentStatus',
        label: 'Employment',
        kind: 'select',
        options: ['employed', 'self_employed', 'unemployed', 'student', 'retired', 'other'],
      },
      { name: 'occupation', label: 'Occupation' },
      { name: 'workSchedule', label: 'Work schedule', kind: 'textarea' },
      {
        name: 'scheduleFlexibility',
        label: 'How flexible is it',
        kind: 'select',
        options: ['none', 'low', 'medium', 'high'],
      },
      { name: 'commuteMinutes', label: 'Commute (minutes)', kind: 'number' },
    ],
  },
  {
    section: 'health',
    title: 'Health',
    note: 'Private and encrypted. Never shown to your co-parent.',
    fields: [
      { name: 'physicalConditions', label: 'Physical health', kind: 'textarea' },
      { name: 'mentalHealth', label: 'Mental health', kind: 'textarea' },
      { name: 'treatment', label: 'Treatment', kind: 'textarea' },
      { name: 'substanceRecovery', label: 'Recovery', kind: 'textarea' },
      { name: 'notes', label: 'Notes', kind: 'textarea' },
    ],
  },
  {
    section: 'financials',
    title: 'Money',
    note: 'Private and encrypted. Never shown to your co-parent.',
    fields: [
      { name: 'incomeRange', label: 'Income range' },
      { name: 'housing', label: 'Housing', kind: 'textarea' },
      { name: 'debt', label: 'Debts', kind: 'textarea' },
      { name: 'childSupport', label: 'Child support', kind: 'textarea' },
      { name: 'notes', label: 'Notes', kind: 'textarea' },
    ],
  },
  {
    section: 'background',
    title: 'Background and values',
    fields: [
      {
        name: 'educationLevel',
        label: 'Education',
        kind: 'select',
        options: ['none', 'secondary', 'vocational', 'bachelor', 'master', 'doctorate', 'other'],
      },
      { name: 'culturalBackground', label: 'Cultural background' },
      { name: 'religion', label: 'Religion' },
      { name: 'parentingValues', label: 'Parenting values', kind: 'textarea' },
      { name: 'hobbies', label: 'Hobbies', kind: 'textarea' },
    ],
  },
];

/** Form strings → the section's PUT body (empty means null; a list from commas). */
export function toBody(spec: SectionSpec, values: Record<string, string>) {
  const body: Record<string, string | number | string[] | null> = {};
  for (const f of spec.fields) {
    const v = (values[f.name] ?? '').trim();
    if (f.kind === 'list')
      body[f.name] = v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    else if (f.kind === 'number') body[f.name] = v === '' ? null : Number(v);
    else body[f.name] = v === '' ? null : v;
  }
  return body;
}

/** The section's stored fields → form strings. */
export function toValues(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) out[k] = v.join(', ');
    else if (typeof v === 'number') out[k] = String(v);
    else out[k] = typeof v === 'string' ? v : '';
  }
  return out;
}
