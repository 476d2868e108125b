/**
 * A broad lexicon of contempt, read without any "you" framing: insulting
 * nouns and adjectives wherever they stand ("this buffoon", "bunch of
 * cowards", "Pathetic."), sarcastic set phrases, mild swearing and pressure
 * words, and the cues that make such words harmless (reported speech, an
 * apology, a joke). None of these holds a message on its own: each is one
 * dense feature of the learned scorer (scorerFeatures.ts), which learned from
 * the training split how much each family weighs and in what company.
 */

/** One family of cues and its feature name. */
export interface CueFamily {
  readonly name: string;
  readonly regex: RegExp;
}

// Hyphenated entries also match with a space: "waste of space", "drama queen".
const words = (list: string): string =>
  list
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/-/g, '[- ]'))
    .join('|');

const INSULT_NOUNS =
  words(`idiot idiots moron morons imbecile imbeciles clown clowns buffoon buffoons coward cowards
  loser losers jerk jerks airhead bonehead boneheads dimwit dimwits halfwit half-wit nitwit dunce fool fools parasite
  parasites leech leeches freeloader freeloaders cheapskate weasel weasels snake snakes vulture vultures deadbeat
  deadbeats lowlife lowlifes flake slob brat brats hag witch caveman goldfish toddler crybaby sleepyhead genius
  narcissist psycho lunatic maniac hypocrite liar liars cheat fraud creep scumbag dirtbag pig pigs rat rats worm
  bully bimbo doormat troll trolls nutjob nutcase dumbass jackass douche douchebag prick bastard tool joke mess
  disgrace embarrassment failure nightmare wreck dinosaur drunk drunkard git muppet numpty prat twit pillock
  plonker wally donkey lapdog puppet martyr diva princess slacker sloth gossip busybody snob know-it-all
  drama-queen hothead bigmouth loudmouth coward's wimp wuss sheep zombie animal animals savage savages clowns
  shambles circus clown-show dumpster-fire trainwreck train-wreck cow shrew harpy tyrant dictator control-freak
  deadweight dead-weight waste-of-space box-ticker hack quack crook crooks thief thieves mug sucker cretin
  simpleton ignoramus degenerate deviant pervert sociopath charlatan con-artist`);
const INSULT_ADJECTIVES =
  words(`pathetic useless lazy brainless spineless gutless clueless incompetent embarrassing
  disgusting insufferable worthless miserable greedy filthy stupid dumb idiotic moronic selfish dense ignorant
  immature childish pitiful spiteful vindictive petty delusional unhinged hopeless negligent unfit toxic heartless
  shameless cheap stingy sloppy careless reckless entitled spoiled unreliable irresponsible disorganized
  disorganised nasty vile gross sad deranged crazy insane mental dim thick gormless feckless dumbest stupidest
  laziest pitiable laughable shameful disgraceful appalling atrocious abysmal dismal
  corrupt crooked dishonest deceitful sneaky manipulative two-faced spoilt bratty whiny needy clingy controlling
  paranoid hysterical neurotic senile tight-fisted miserly
  brain-dead braindead airheaded dopey daft stupidly shambolic`);

/** The cue families, in feature order. */
export const CUE_FAMILIES: readonly CueFamily[] = [
  { name: 'insult_noun', regex: new RegExp(String.raw`\b(?:${INSULT_NOUNS})\b`) },
  { name: 'insult_adjective', regex: new RegExp(String.raw`\b(?:${INSULT_ADJECTIVES})\b`) },
  {
    name: 'insult_phrase',
    regex:
      /\b(?:grow a spine|get a life|bunch of|pack of|box of rocks|half a brain|sad little|grown (?:man|woman)|functioning adult|normal parent|nobody sane|only an? (?:idiot|fool|moron)|what kind of|excuse for|piece of work|even a (?:child|goldfish|toddler)|beyond you)\b/,
  },
  {
    name: 'sarcasm',
    regex:
      /\b(?:must be nice|just wow|of the year|gold star|bravo|congratulations on|congrats on|shocker|shocking|big spender|real mature|how very|cry me a river|spare me|let me guess|oh look who|as if|like you'd|yeah right|sure,? sure|eye roll|thanks for nothing|not that you(?:'d)? care|typical|nice of you|oh (?:wonderful|great|sure|please|good)|brilliant idea|how thoughtful|what a surprise|surprise surprise|color me|colour me|so reliable|love how|in your world|slipped your mind|finally remember\w*|decided to (?:answer|show)|so generous|what a generous|truly inspiring|lol ok|lmao|clearly the|obviously you|i'm sure your|go ahead,|why not|fit us in)\b/,
  },
  {
    name: 'mild_profanity',
    regex:
      /\b(?:hell|damn|dammit|crap|crappy|bs|bull|screw|screwed|piss|pissed|heck|freaking|frigging|bloody|sod|ass|shitshow|wtf|stfu|gtfo|ffs|for god's sake|jeez|geez|freakin)\b/,
  },
  {
    name: 'pressure',
    regex:
      /\b(?:now|immediately|today|tonight|end of discussion|no excuses|i mean it|not asking twice|won't ask again|don't argue|or else|be there|you will|you better|you'd better|before i|i'm done|i am done|i'm sick of|sick of)\b/,
  },
  {
    name: 'threat',
    regex:
      /\b(?:regret|watch yourself|try me|see what happens|lawyer|attorney|court|police|arrested|make your life|hearing from|you'll never|never see)\b/,
  },
  {
    name: 'reported_speech',
    regex:
      /\b(?:said|says|told (?:me|him|her|us)|called (?:him|her|me|them|a|his|her)|yelled|keeps saying|came home saying|wrote that)\b|"/,
  },
  {
    name: 'kindness',
    regex:
      /\b(?:sorry|apologi[sz]e|my bad|my mistake|thank|thanks|thx|ty|appreciate|proud|love|loved|great job|haha|hah|lol|kidding|promise|don't worry|no worries|happy|glad|fine with me|works for me)\b/,
  },
  { name: 'you', regex: /\b(?:you|your|you're|yours|yourself)\b/ },
  {
    // An insult aimed at the reader: "you're such a clown", "ur honestly useless".
    name: 'directed_insult',
    regex: new RegExp(
      String.raw`\b(?:you|you're|youre|ur|your (?:\w+))\b(?: \w+){0,3} (?:${INSULT_NOUNS}|${INSULT_ADJECTIVES})\b`,
    ),
  },
  {
    // Scare quotes: a word or two of the reader's held up in quotes ("forgot",
    // "work trip", "being busy"); a child's whole sentence in quotes is longer.
    name: 'scare_quote',
    regex: /(?:^|[^:] |\w )"[a-z' -]{2,20}"/,
  },
  {
    // Mock thanks and mock approval: "thanks for the heads up, not", "nice one",
    // "glad to know", "very responsible", "totally normal", "real smart".
    name: 'mock_approval',
    regex:
      /\b(?:nice one|glad to know|good to know|great to know|lovely to know|cheers for|very (?:responsible|mature|helpful|moving|grown up|professional|classy)|totally normal|real(?:ly)? smart|so helpful|how nice|how lovely|how kind|well done you|should i call|call the newspapers|hold the front page|what a hero|my hero|what a shock|big of you|so brave|the cherry on top|not rocket science|it's not hard|is it that hard|how hard is it|too much to ask|i'm not a bank|(?:nice|great|good|fantastic|brilliant|amazing|stellar) (?:job|work|going|effort) \w+ing|thanks for (?:\w+ ){0,6}for once|for once in (?:your|his|her) life|not your (?:maid|bank|secretary|pa)|go on,? try|try it|i dare you)\b/,
  },
  {
    // Joy and excitement: capitals and "!!!" that cheer rather than shout.
    name: 'joy',
    regex:
      /\b(?:goal|yay|woo+|woohoo|hooray|got in|made the team|first ever|passed|won|so proud|amazing news|great news|best (?:day|thing)|can't wait|lost (?:a|her|his) (?:first )?tooth|happy birthday|congrats|congratulations|well done|brilliant news|she did it|he did it)\b|[\u{1F602}\u{1F62D}\u{1F389}\u{1F970}\u{2764}\u{1F60D}\u{1F973}\u{1F923}\u{1F44D}\u{1F60A}\u{1F64F}]/u,
  },
  {
    // Consequences announced in the first person: "I'm calling the cops",
    // "I'll have the judge undo it", "I'll report you".
    name: 'first_person_consequence',
    regex:
      /\b(?:i'll|ill|i will|i'm|im|i am|i'm going to|i'm gonna)(?: \w+){0,2} (?:report|reporting|call(?:ing)? the (?:cops|police)|calling (?:the )?(?:cops|police|cps|social services)|have (?:the judge|security|you)|take (?:it|you|them|him|her) (?:out of|back to|to)|pull (?:him|her|them) out|go(?:ing)? (?:back )?to (?:court|the judge|a lawyer)|tell (?:the|your) (?:judge|court|boss|school|kids|lawyer)|stop paying|keep (?:him|her|them|the kids)(?! (?:until|till|for (?:the )?(?:night|dinner|lunch|an hour)|overnight|an extra|a bit)))\b|\b(?:social services|the cops|your boss should|i know where you|not joking|you've been warned|you have no idea what i)\b/,
  },
  {
    // Conditions that end in a consequence: "if … again", "try … and …", "one more time".
    name: 'ultimatum',
    regex:
      /\b(?:one more time|try (?:\w+ing|that|it)\b[^.!?]{0,40}\band\b|(?:do|don't|dont|say|enrol|enroll|move|keep|take)\b[^.!?]{0,40}\band i(?:'ll| will)\b|if (?:you|u|he|she|they|\w+)\b[^.!?]{0,50}\b(?:i'll|ill|i will|i'm|im)\b)/,
  },
  {
    // Mock praise and mock sympathy: "slow clap", "must be rough", "tragic", "great life lesson".
    name: 'mock_praise',
    regex:
      /\b(?:slow clap|master ?class|must be (?:rough|hard|exhausting|lovely|fun)|tragic|so totally|whatever helps you|great (?:life )?lesson|lovely of you|very considerate|how considerate|brilliant plan|really thought (?:that|it|this) (?:one )?through|glad to see|amazing how|funny how|good for you|oh wow|oh so|so now|nice of you|thanks for that|bake (?:you )?a cake|should i (?:throw|bake|clap)|medal|parent of the year|father of the year|mother of the year|break the bank|makes you a (?:doctor|expert|lawyer))\b/,
  },
  {
    // Orders closed off against reply: "Period.", "Not negotiable.", "I'm done …".
    name: 'closed_order',
    regex:
      /\b(?:period|not negotiable|non-negotiable|no discussion|deal with it|i'm not doing it again|i'm done|i've done my part|i'm not waiting|sharp|in my inbox|by (?:tonight|the end of the (?:day|week)|tomorrow)|read it|ask her|ask him)\b/,
  },
  {
    // The child used to carry a message or a reproach: "Theo will bring you …",
    // "Mia can explain to you …", "has been told it's your job".
    name: 'child_carrier',
    regex:
      /\b(?:will bring you|can explain to you|can tell you (?:why|how|what)|has been told|have told (?:him|her|them)|i've asked (?:\w+) to (?:collect|ask|tell|get)|let (?:\w+) know (?:she|he|they) can|says you're|a note for you|so you can see what you've done)\b/,
  },
  {
    // Blame by consequence: "got sick bc of u", "thanks to your filthy house",
    // "the moment he started spending weekends at yours".
    name: 'blame_consequence',
    regex:
      /\b(?:bc of (?:u|you)|because of (?:you|u|your)|thanks to your|since (?:he|she|they) started (?:\w+ )?(?:at|with) (?:yours|you)|every time (?:she|he|they) (?:comes?|gets?|goes|is) (?:back )?(?:from|at) your|at yours|your (?:filthy|smoky|dirty|messy|disgusting) (?:house|flat|apartment|place|car)|what you've done|it's never yours|you fill their heads)\b/,
  },
  {
    // "I'm officially useless at it", "I'm a terrible cook": said of oneself.
    name: 'self_talk',
    regex: new RegExp(
      String.raw`\b(?:i'm|i am|i was|i feel|i felt|made me feel|me)\b(?: \w+){0,3} (?:${INSULT_ADJECTIVES}|${INSULT_NOUNS}|terrible|hopeless|awful)\b`,
    ),
  },
];
