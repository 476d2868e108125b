/** Contacts: the children, the co-parent, and everyone else who matters (teachers, doctors...). */
import { useState } from 'react';
import { api, errorText } from '../api/http';
import { keys, queryClient, useContacts } from '../api/queries';
import { RELATIONSHIPS, type ContactView } from '../api/types';
import { Alert, Field } from '../components/Field';
import { useApiForm } from '../components/useApiForm';

const refresh = () => queryClient.invalidateQueries({ queryKey: keys.contacts });
const words = (r: string) => r.charAt(0).toUpperCase() + r.slice(1).replace('-', ' ');

const EMPTY_CONTACT = {
  firstName: '',
  lastName: '',
  relationship: 'child',
  email: '',
  phone: '',
  childBirthdate: '',
  childSchool: '',
};

function NewContact() {
  const [form, setForm] = useState(EMPTY_CONTACT);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const child = form.relationship === 'child';
  const submit = useApiForm(async () => {
    const body: Record<string, string> = {
      firstName: form.firstName,
      relationship: form.relationship,
    };
    const optional = [
      'lastName',
      'email',
      'phone',
      ...(child ? ['childBirthdate', 'childSchool'] : []),
    ];
    for (const k of optional as (keyof typeof form)[]) {
      if (form[k].trim()) body[k] = form[k].trim();
    }
    await api('/contacts', { method: 'POST', body });
    setForm({ ...EMPTY_CONTACT, relationship: form.relationship });
    await refresh();
  });
  const errors = submit.errors;
  return (
    <form
      className="card"
      onSubmit={submit.onSubmit}
      noValidate
      aria-labelledby="new-contact-title"
    >
      <h2 id="new-contact-title">Add a contact</h2>
      <div className="grid-2">
        <Field
          label="First name"
          name="firstName"
          value={form.firstName}
          onChange={set('firstName')}
          error={errors.firstName}
          required
        />
        <Field
          label="Last name (optional)"
          name="lastName"
          value={form.lastName}
          onChange={set('lastName')}
          error={errors.lastName}
        />
        <Field
          label="Who they are"
          name="relationship"
          value={form.relationship}
          onChange={set('relationship')}
          options={RELATIONSHIPS.filter((r) => r !== 'co-parent').map((r) => ({
            value: r,
            label: words(r),
          }))}
        />
        <Field
          label="Email (optional)"
          name="email"
          type="email"
          value={form.email}
          onChange={set('email')}
          error={errors.email}
        />
        <Field
          label="Phone (optional)"
          name="phone"
          type="tel"
          value={form.phone}
          onChange={set('phone')}
          error={errors.phone}
        />
        {child && (
          <>
            <Field
              label="Birthday (optional)"
              name="childBirthdate"
              type="date"
              value={form.childBirthdate}
              onChange={set('childBirthdate')}
              error={errors.childBirthdate}
            />
            <Field
              label="School (optional)"
              name="childSchool"
              value={form.childSchool}
              onChange={set('childSchool')}
              error={errors.childSchool}
            />
          </>
        )}
      </div>
      <Alert>{submit.error}</Alert>
      <button type="submit" className="primary">
        Add contact
      </button>
    </form>
  );
}

function Group({ title, contacts }: { title: string; contacts: ContactView[] }) {
  const [error, setError] = useState('');
  if (contacts.length === 0) return null;
  async function remove(c: ContactView) {
    if (!confirm(`Remove ${c.firstName} from your contacts?`)) return;
    await api(`/contacts/${c.id}`, { method: 'DELETE' }).catch((err: unknown) =>
      setError(errorText(err)),
    );
    await refresh();
  }
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <Alert>{error}</Alert>
      <ul className="contacts">
        {contacts.map((c) => (
          <li key={c.id} className="card contact">
            <div>
              <h3>
                {c.firstName} {c.lastName}
              </h3>
              <p className="thread-meta">
                {words(c.relationship)}
                {c.childSchool && <> · {c.childSchool}</>}
                {c.childBirthdate && <> · born {new Date(c.childBirthdate).toLocaleDateString()}</>}
                {c.email && <> · {c.email}</>}
                {c.phone && <> · {c.phone}</>}
              </p>
            </div>
            {c.relationship !== 'co-parent' && (
              <button type="button" className="quiet" onClick={() => void remove(c)}>
                Remove<span className="sr-only"> {c.firstName}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function ContactsPage() {
  const { data = [], isPending, error } = useContacts();
  return (
    <section className="page">
      <h1>Contacts</h1>
      {error && <Alert>{errorText(error)}</Alert>}
      {isPending && <p role="status">Loading contacts…</p>}
      <Group title="Children" contacts={data.filter((c) => c.relationship === 'child')} />
      <Group title="Co-parent" contacts={data.filter((c) => c.relationship === 'co-parent')} />
      <Group
        title="Others"
        contacts={data.filter((c) => c.relationship !== 'child' && c.relationship !== 'co-parent')}
      />
      <NewContact />
    </section>
  );
}
