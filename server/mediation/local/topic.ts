/**
 * Topic detection: which thread a message belongs to. Each topic has strong
 * words (count 1) and weak words (count 0.5); the highest total wins, ties go
 * to the topic listed first (the more specific, more urgent one), and a
 * message with no topic words is 'general'.
 */
import type { Topic } from '../types.js';

interface TopicLexicon {
  readonly topic: Topic;
  readonly strong: RegExp;
  readonly weak: RegExp | null;
}

const words = (source: string): RegExp => new RegExp(String.raw`(?<!\w)(?:${source})`, 'g');

// Listed from most to least specific: "her fever at school" is medical.
const TOPIC_LEXICONS: readonly TopicLexicon[] = [
  {
    topic: 'safety',
    strong: words(
      String.raw`car ?seats?|booster(?: seat)?|seat ?belts?|drunk|drinking and driving|drunk driving|under the influence|alcohol|drugs|unsafe|danger(?:ous)?|unsupervised|home alone|left (?:her|him|them) alone|helmets?|weapons?|guns?|firearms?|bruises?|bruised|injur(?:y|ies|ed)|911|police|poison(?:ed)?|chok(?:ing|ed)|strangers?|abus(?:e|ed|ive)|hit (?:her|him|them)|spank(?:ed|ing)?|lifeguard|vap(?:e|ing)|speeding|texting (?:and|while) driving|smok(?:e|ing) (?:around|in the car)|safety|safe\b|locked (?:out|in)|went missing|wandered off|lost (?:her|him) at|trampoline|dirt ?bike|atv|four-wheeler|front seat|sober|supervised`,
    ),
    weak: words(
      String.raw`accident|fell|emergency|new (?:boyfriend|girlfriend|partner)|supervis\w*|scared|frightened|alone|pool`,
    ),
  },
  {
    topic: 'medical',
    strong: words(
      String.raw`doctors?|dr\.? [a-z]|pediatrician|paediatrician|dentist|orthodontist|braces|fever|sick(?! of| and tired)|flu\b|cough(?:ing)?|temperature|throwing up|threw up|vomit\w*|stomach ?(?:ache|bug|flu)|headaches?|head hurts|ear infection|strep|covid|rash|medicine|medications?|meds\b|prescriptions?|pharmacy|antibiotics?|inhaler|asthma|allerg(?:y|ies|ic)|epi-?pen|vaccin\w*|shots?\b|check-?up|physical exam|urgent care|er\b|emergency room|hospital|surgery|stitches|therap(?:y|ist)|counsel(?:or|ing|ling)|eye exam|glasses|adhd|diagnos\w*|nurse|tylenol|ibuprofen|motrin|advil|chicken ?pox|lice|health|insurance card|sore throat|broken (?:arm|leg|wrist)|cast\b`,
    ),
    weak: words(
      String.raw`appointments?|hurts|pain|not feeling well|cold\b|tired|sleep(?:ing)? (?:problems|issues)|worried about (?:her|him)`,
    ),
  },
  {
    topic: 'school',
    strong: words(
      String.raw`school|teachers?|homework|report cards?|grades?\b|classroom|class\b|principal|field trip|permission slip|parent[- ]teacher|iep|504 plan|tutor(?:ing)?|recess|school bus|kindergarten|preschool|pre-k|daycare|pta|assignments?|science fair|tests?\b|exams?|quiz|spelling|reading log|detention|suspended|school supplies|backpack|lunch money|graduation|semester|enroll(?:ment|ed)?|book report|yearbook|bus stop|middle school|high school|elementary|school counselor|picture (?:day|retakes)|honor roll|dismissal|science project`,
    ),
    weak: words(String.raw`conference|project|learning|reading|math|essay`),
  },
  {
    topic: 'expenses',
    strong: words(
      String.raw`money|payments?|child support|support payment|reimburse\w*|costs?\b|bills?\b|receipts?|split (?:the|it|that|this)|half of|50/50|fees?\b|tuition|venmo|zelle|paypal|cheque|expenses?|owe[ds]?\b|afford|price|dollars|bucks|refund|deposit|invoice|\$|€|£|co-?pay|unpaid|overdue|charge[ds]?|(?:your|my) half|cent\b|dime\b`,
    ),
    weak: words(String.raw`pay|paid|paying|check\b|spent|spend|buy|bought|cover (?:it|half)`),
  },
  {
    topic: 'activities',
    strong: words(
      String.raw`soccer|football|baseball|softball|basketball|hockey|volleyball|lacrosse|tennis|practice|tournament|recital|dance|ballet|piano|guitar|violin|drum|lessons?|swim(?:ming)?|camp\b|summer camp|birthday party|party|scouts|karate|taekwondo|judo|gymnastics|rehearsal|concert|sleepover|play ?date|tryouts?|league|uniform|cleats|art class|chess|robotics|theat(?:er|re)|skating|ski(?:ing)?|horse riding|riding lessons|game\b|games\b|match\b|coach|team`,
    ),
    weak: words(String.raw`club|band|choir|show\b|movie|playground|park\b`),
  },
  {
    topic: 'travel',
    strong: words(
      String.raw`trip\b|vacation|flights?|fly(?:ing)?\b|plane|airport|passports?|out of state|out of the country|abroad|road trip|hotel|cruise|disney|travel\w*|itinerary|luggage|suitcase|boarding|layover|consent letter|border|overseas|visit(?:ing)? (?:grandma|grandpa|my parents|your parents|family|my family|the grandparents)|camping|wedding in|land(?:s|ed|ing)? in|out of town`,
    ),
    weak: words(
      String.raw`beach|drive (?:up|down) to|driving to|cabin|lake house|stay(?:ing)? with (?:my|your) (?:parents|mom|dad|sister|brother)`,
    ),
  },
  {
    topic: 'schedule',
    strong: words(
      String.raw`pick(?:ing)? (?:\w+ )?up|pick-?up|drop(?:ping)?[- ]?off|exchanges?|hand-?off|swap|switch(?:ing)? (?:weekends|days|nights)|trade (?:weekends|days)|weekends?|overnights?|custody (?:schedule|time|week)|parenting (?:time|plan|schedule)|visitation|schedule|calendar|running late|be late|on time|what time|bedtime|extra night|(?:my|your) (?:week|night|day|time) with|holiday schedule|christmas|thanksgiving|easter|spring break|winter break|summer break|halloween|new year|mother's day|father's day`,
    ),
    weak: words(
      String.raw`plan|last[- ]minute|nights?\b|tonight|tomorrow|this week|next week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}:\d{2}|\d{1,2} ?[ap]m|late|early|ready`,
    ),
  },
];

/** Detects the topic of a normalised (lower-cased) text. */
export function detectTopic(normalised: string): Topic {
  let best: Topic = 'general';
  let bestScore = 0;
  for (const lexicon of TOPIC_LEXICONS) {
    const score =
      countMatches(lexicon.strong, normalised) + 0.5 * countMatches(lexicon.weak, normalised);
    if (score > bestScore) {
      best = lexicon.topic;
      bestScore = score;
    }
  }
  return best;
}

function countMatches(regex: RegExp | null, text: string): number {
  if (regex === null) return 0;
  regex.lastIndex = 0;
  let count = 0;
  while (regex.exec(text) !== null) count++;
  return count;
}
