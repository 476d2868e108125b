/**
 * The demo couple's month, as steps the seed replays through the services.
 * `day` counts from the pairing (day 0, about a month ago), `at` is the local
 * time of day. Parent `a` is Alex, `b` is Sam.
 */
import type { TaskType } from '../../server/tasks/schema.js';

export type Parent = 'a' | 'b';

/** What the sender does when the mediator holds the message. */
export type HeldChoice =
  | { choice: 'accept'; suggestionIndex: number }
  | { choice: 'edit'; text: string }
  | { choice: 'send_original' }
  | { choice: 'discard' };

export type Step = { day: number; at: string; from: Parent } & (
  | { say: string; ifHeld?: HeldChoice }
  | { correct: string }
  | { task: { title: string; type: TaskType; dueInDays: number; assignTo?: Parent } }
  | { completeTask: string }
  | { read: true }
);

export const DEMO_PARENTS = {
  a: { email: 'alex@demo.parley.example', displayName: 'Alex Moreau' },
  b: { email: 'sam@demo.parley.example', displayName: 'Sam Moreau' },
} as const;

/** Both demo accounts share it; it is printed by the seed and is not a secret. */
export const DEMO_PASSWORD = 'parley-demo-password';

/** Children and the people around them, added by Alex (Sam gets the children too). */
export const DEMO_CONTACTS = [
  {
    firstName: 'Maya',
    lastName: 'Moreau',
    relationship: 'child',
    childBirthdate: '2017-04-12',
    childSchool: 'Riverside Primary, Year 4',
    childHealthNotes: 'Mild asthma: blue inhaler in the school bag',
  },
  {
    firstName: 'Leo',
    lastName: 'Moreau',
    relationship: 'child',
    childBirthdate: '2020-09-03',
    childSchool: 'Little Oaks Nursery',
  },
  { firstName: 'Dr Priya', lastName: 'Shah', relationship: 'doctor', phone: '020 7946 0321' },
  { firstName: 'Ms Hannah', lastName: 'Clarke', relationship: 'teacher', notes: "Maya's teacher" },
  { firstName: 'Grandma Rose', relationship: 'grandparent', phone: '020 7946 0877' },
] as const;

const held = (suggestionIndex = 0): HeldChoice => ({ choice: 'accept', suggestionIndex });

export const HISTORY: Step[] = [
  {
    day: 0,
    at: '19:05',
    from: 'a',
    say: 'Hi Sam, I set this up so we can keep the kids’ plans in one place.',
  },
  { day: 0, at: '20:41', from: 'b', say: 'OK. Let’s try it.' },
  {
    day: 1,
    at: '08:12',
    from: 'a',
    say: 'This weekend: I pick Maya and Leo up from school on Friday at 3:30pm, back to you Sunday at 6pm?',
  },
  {
    day: 1,
    at: '09:30',
    from: 'b',
    say: 'Friday works. Can we make Sunday 5pm? Leo has been tired on Mondays.',
  },
  { day: 1, at: '09:47', from: 'a', say: 'Sure, Sunday 5pm at your place.' },
  { day: 1, at: '09:48', from: 'b', read: true },
  {
    day: 2,
    at: '17:20',
    from: 'b',
    say: 'Maya’s school trip to the science museum is on the 14th. The form and £12 are due Wednesday.',
  },
  {
    day: 2,
    at: '17:21',
    from: 'b',
    task: {
      title: 'Sign the science museum trip form and pay £12',
      type: 'school',
      dueInDays: -25,
      assignTo: 'a',
    },
  },
  { day: 2, at: '18:02', from: 'a', say: 'I’ll sign it tonight and pay online.' },
  { day: 3, at: '07:55', from: 'a', completeTask: 'Sign the science museum trip form and pay £12' },
  { day: 3, at: '07:56', from: 'a', say: 'Form signed and paid.' },
  { day: 5, at: '21:10', from: 'b', say: 'Leo came back without his coat again.' },
  {
    day: 5,
    at: '21:34',
    from: 'a',
    say: 'Sorry, it’s in my car. I’ll drop it at nursery tomorrow morning.',
  },
  {
    day: 5,
    at: '21:35',
    from: 'a',
    correct: 'Sorry, it’s in my car. I’ll drop it at nursery tomorrow before 9am.',
  },
  { day: 6, at: '10:03', from: 'b', read: true },
  {
    day: 7,
    at: '12:15',
    from: 'a',
    say: 'Maya has been coughing at night. I booked Dr Shah for Thursday the 10th at 4:15pm.',
  },
  { day: 7, at: '12:40', from: 'b', say: 'Thanks. I can take her, I finish early on Thursdays.' },
  {
    day: 7,
    at: '12:41',
    from: 'b',
    task: {
      title: 'Take Maya to Dr Shah, Thursday 4:15pm',
      type: 'medical',
      dueInDays: -20,
      assignTo: 'b',
    },
  },
  {
    day: 9,
    at: '18:30',
    from: 'b',
    say: 'Dr Shah says it’s her asthma. New brown inhaler, two puffs morning and evening, for a month.',
  },
  { day: 9, at: '18:31', from: 'b', completeTask: 'Take Maya to Dr Shah, Thursday 4:15pm' },
  {
    day: 9,
    at: '19:02',
    from: 'a',
    say: 'Thank you for taking her. Can you send a photo of the prescription so I have the same at mine?',
  },
  {
    day: 9,
    at: '19:10',
    from: 'b',
    say: 'Sent to your email. The pharmacy on Hill Street has it in stock.',
  },
  { day: 10, at: '08:00', from: 'a', read: true },
  {
    day: 11,
    at: '20:12',
    from: 'a',
    say: 'Parents’ evening with Ms Clarke is on the 21st. Slots are 4pm to 7pm. Shall we go together?',
  },
  { day: 11, at: '22:48', from: 'b', say: 'Together is fine for Maya. 5:30pm?' },
  { day: 12, at: '07:30', from: 'a', say: 'Booked 5:30pm on the 21st.' },
  { day: 13, at: '19:45', from: 'b', say: 'The new school shoes were £45. Can you pay half?' },
  {
    day: 13,
    at: '21:02',
    from: 'a',
    say: 'You ALWAYS buy the most expensive ones and then expect me to pay. You are so selfish!!!',
    ifHeld: held(0),
  },
  { day: 13, at: '21:30', from: 'b', say: 'They were the only ones in her size.' },
  { day: 14, at: '08:15', from: 'a', say: 'I can send £22.50 on Friday.' },
  { day: 14, at: '08:40', from: 'b', say: 'Thanks.' },
  {
    day: 15,
    at: '16:20',
    from: 'b',
    say: 'Swimming lessons for Maya start on Saturday the 26th, 9am at the leisure centre. It’s £60 for the term.',
  },
  {
    day: 15,
    at: '18:05',
    from: 'a',
    say: 'Another £60? You never ask me before you sign them up for things. I’m not paying for this, talk to my lawyer.',
    ifHeld: {
      choice: 'edit',
      text: 'I’d like us to agree on activities before signing up, because I need to plan for the cost. Can we talk about the swimming fee this week?',
    },
  },
  {
    day: 15,
    at: '18:30',
    from: 'b',
    say: 'Fair. I should have asked first. Can we split it and agree on activities together from now on?',
  },
  { day: 15, at: '18:44', from: 'a', say: 'Yes. Split is fine.' },
  {
    day: 15,
    at: '18:45',
    from: 'a',
    task: {
      title: 'Buy swim goggles and a cap for Maya',
      type: 'activities',
      dueInDays: -4,
      assignTo: 'a',
    },
  },
  { day: 16, at: '09:12', from: 'b', read: true },
  {
    day: 17,
    at: '19:00',
    from: 'a',
    say: 'Can I have the kids on Sunday the 20th for Grandma Rose’s birthday lunch, 12pm to 4pm?',
  },
  {
    day: 17,
    at: '19:25',
    from: 'b',
    say: 'Yes, that’s fine. Please bring Leo back by 4 for his nap.',
  },
  {
    day: 18,
    at: '22:30',
    from: 'b',
    say: 'Maya told me you let her stay up until 11 on a school night. Seriously?? You never listen!',
    ifHeld: { choice: 'send_original' },
  },
  {
    day: 19,
    at: '07:40',
    from: 'a',
    say: 'It was the night of the school play, she was too excited to sleep. It won’t be a habit.',
  },
  { day: 19, at: '08:02', from: 'b', say: 'OK, thanks for explaining.' },
  { day: 20, at: '16:05', from: 'a', say: 'Back home with Leo at 4. Grandma Rose says thank you.' },
  {
    day: 21,
    at: '19:20',
    from: 'a',
    say: 'Good meeting with Ms Clarke. Maya is doing well in reading; we should practise times tables.',
  },
  { day: 21, at: '19:41', from: 'b', say: 'Agreed. I’ll do ten minutes a day at mine.' },
  {
    day: 22,
    at: '12:00',
    from: 'b',
    say: 'The dentist has a check-up slot for both kids on the 3rd at 10am.',
  },
  {
    day: 22,
    at: '12:01',
    from: 'b',
    task: {
      title: 'Dentist check-up for Maya and Leo, 10am',
      type: 'medical',
      dueInDays: 3,
      assignTo: 'b',
    },
  },
  {
    day: 23,
    at: '21:15',
    from: 'a',
    say: 'Still waiting for the £30 for swimming. This is typical of you, whatever, I give up.',
    ifHeld: { choice: 'discard' },
  },
  {
    day: 23,
    at: '21:20',
    from: 'a',
    say: 'Reminder: the swimming split is £30 each. Could you send yours this week?',
  },
  { day: 24, at: '08:30', from: 'b', say: 'Sent this morning. Sorry for the delay.' },
  { day: 24, at: '08:45', from: 'a', read: true },
  { day: 25, at: '18:00', from: 'a', completeTask: 'Buy swim goggles and a cap for Maya' },
  { day: 26, at: '10:30', from: 'b', say: 'First swimming lesson went well. Maya loved it.' },
  { day: 26, at: '10:52', from: 'a', say: 'So glad! Can she show me her floating on Sunday?' },
  {
    day: 27,
    at: '20:10',
    from: 'a',
    say: 'Half-term is the week of the 15th. I’d like Maya and Leo Monday to Wednesday.',
  },
  {
    day: 27,
    at: '21:45',
    from: 'b',
    say: 'That works. I’ll take Thursday and Friday. Can you do the school run on Monday the 22nd?',
  },
  { day: 28, at: '07:50', from: 'a', say: 'Yes, I’ll do the Monday school run.' },
  {
    day: 28,
    at: '19:30',
    from: 'a',
    task: { title: 'Send half-term plan to Grandma Rose', type: 'general', dueInDays: 7 },
  },
  { day: 29, at: '08:05', from: 'b', read: true },
];
