/**
 * Rules for pressure on the other parent: threats, demands and using the
 * children as messengers. Neutral mentions ("the court date is the 5th", "the
 * lawyer's office called") must not match: every threat rule needs a
 * threatening frame — the speaker promising a consequence to the reader.
 */
import {
  CHILD_NAME,
  CHILD_WORD,
  compileRules,
  I_WILL,
  PARENT_WORD,
  YOU,
  YOU_ARE,
  YOU_WILL,
  type LexiconRule,
} from './lexicon.js';

const LAWYER = String.raw`(?:lawyer|attorney|solicitor|legal team)`;
const AUTHORITY = String.raw`(?:the (?:judge|court|mediator|gal|guardian ad litem|police|cops)|cps|child protective services|social services|family services|a judge)`;
const KIDS_OR_PRONOUN = String.raw`(?:${CHILD_WORD}|them|her|him|my (?:kids|children|son|daughter)|${CHILD_NAME})`;
const CHILD_TARGET = String.raw`(?:${CHILD_WORD}|them|her|him|${CHILD_NAME})`;

/** Threats: court, custody, lawyers, money, "or else". */
// One rule per line reads as a table.
// prettier-ignore
export const THREAT_RULES: LexiconRule[] = compileRules([
  { pattern: 'threat', weight: 0.9, source: String.raw`\b(?:${I_WILL}|we'll|we will) (?:\w+ )?(?:take|drag|haul|bring|see|fight) (?:you|u|your \w+) (?:back )?(?:to|into|in) court\b` },
  { pattern: 'threat', weight: 0.9, source: String.raw`\b(?:see (?:you|u) in court|(?:settle|sort|take|finish) (?:this|it) in court|(?:we'll|we will|let's) let (?:the|a) (?:judge|court) decide)\b` },
  { pattern: 'threat', weight: 0.9, source: String.raw`\b(?:${I_WILL}|i'm|im|i am) (?:\w+ )?(?:get|getting|seek|seeking|fight for|fighting for|go for|going for|take|taking|win|ask for|asking for|request|requesting|file for|filing for|petition for) (?:full|sole|primary|100%|all|complete|physical) (?:legal |physical )?custody\b` },
  { pattern: 'threat', weight: 0.85, source: String.raw`\b(?:${I_WILL}|i'm|im|i am) (?:\w+ )?(?:file|filing) (?:for |a |an )?(?:custody|contempt|restraining order|protective order|emergency (?:motion|order)|modification|complaint|motion against)\b` },
  { pattern: 'threat', weight: 0.85, source: String.raw`\b(?:take|taking|keep|keeping) ${KIDS_OR_PRONOUN} (?:away )?from (?:you|u)\b` },
  { pattern: 'threat', weight: 0.95, source: String.raw`\b${YOU_WILL} (?:never|not) (?:see|get|have) ${KIDS_OR_PRONOUN} again\b|\b${YOU_WILL} never see (?:the|your|them|her|him)\b|\b${YOU_WILL} never see (?:\w+ ){1,2}again\b` },
  { pattern: 'threat', weight: 0.85, source: String.raw`\b${YOU_WILL} lose (?:your )?(?:custody|kids|children|the kids|them|her|him|visitation|weekends|weekend|time with|parenting time|rights|everything|time)\b` },
  { pattern: 'threat', weight: 0.8, source: String.raw`\bmy ${LAWYER} (?:will|is going to|'ll|is gonna) (?:be )?(?:hear|contact|call|be in touch|deal with|handle|know|get|reach out|be calling|be hearing|have|make|destroy|eat|take care of|love|see|be contacting|be sending you)\b` },
  { pattern: 'threat', weight: 0.85, source: String.raw`\b(?:hear|hearing) from my ${LAWYER}\b|\b(?:talk|speak|say that) to my ${LAWYER}\b|\btell it to (?:my ${LAWYER}|the judge)\b` },
  { pattern: 'threat', weight: 0.7, source: String.raw`\b${I_WILL} (?:\w+ )?(?:call|contact|get|talk to|speak to|tell|email|loop in|bring in|involve) (?:my ${LAWYER}|a ${LAWYER}|${AUTHORITY})\b` },
  { pattern: 'threat', weight: 0.8, source: String.raw`\b(?:the judge|the court|my ${LAWYER}|the mediator) (?:will|is going to|'ll|would) (?:hear about|know about|love|see|find out about|be interested|want to hear)\b|\b(?:good luck|try|have fun) explaining(?: \w+)? to (?:a|the) (?:judge|court|mediator)\b|\blet's see (?:how|what) (?:the |a )?(?:judge|court|mediator|my lawyer)\b` },
  { pattern: 'threat', weight: 0.8, source: String.raw`\bor else\s*(?:[.!?…]|$|${YOU}(?:'ll| will)|i(?:'ll| will)|there(?:'ll| will))` },
  { pattern: 'threat', weight: 0.85, source: String.raw`\b${YOU_WILL} (?:regret|be sorry|pay for|answer for|live to regret)\b|\b(?:you'll|you will) pay\b(?! (?:for (?:the|her|his|their|half)|me back|half|the|it|on|by|\$))` },
  { pattern: 'threat', weight: 0.6, source: String.raw`\b(?:don't|do not|dont) (?:make|push|test|try) me\b` },
  { pattern: 'threat', weight: 0.9, source: String.raw`\b(?:i'm|im|i am) (?:\w+ )?(?:taking|dragging|hauling|bringing) (?:you|u) (?:back )?(?:to|into) court\b` },
  { pattern: 'threat', weight: 0.6, source: String.raw`\bthere(?:'s| is) nothing (?:you|u) can do\b|\btry (?:and|to) stop me\b|\bgood luck stopping me\b|\b(?:you can|go ahead and|feel free to) (?:fight (?:it|me)|sue me|take me to court|call your lawyer)\b` },
  { pattern: 'threat', weight: 0.55, source: String.raw`\bor (?:i'm|i am|im|i'll|i will) (?:not|never|stop|call|calling|take|taking|tell|telling|report|reporting|keep|keeping|file|filing|going to (?:court|my lawyer))\b` },
  { pattern: 'threat', weight: 0.8, source: String.raw`\b(?:you've|you have|consider yourself) been warned\b|\b(?:this is )?(?:your|a) (?:last|final) warning\b|\bwatch (?:yourself|your back|your step)\b|\bthere (?:will|'ll) be consequences\b` },
  { pattern: 'threat', weight: 0.9, source: String.raw`\b${I_WILL} (?:\w+ )?(?:make (?:sure )?(?:your life|you|this) (?:miserable|hell|a living hell|regret|pay|sorry|hard)|make you (?:pay|regret|sorry|suffer)|ruin (?:you|your life)|destroy you|end you|bury you|make sure you (?:never|don't|lose|regret|pay|get nothing))\b` },
  { pattern: 'threat', weight: 0.75, source: String.raw`\bi (?:can|could|will|'ll|am going to|'m going to) (?:easily |really )?make (?:your life|things|this) (?:very |really |so |a lot )?(?:difficult|hard|miserable|hell|ugly|painful|worse)(?: for you)?\b` },
  { pattern: 'threat', weight: 0.5, source: String.raw`\bmy (?:${LAWYER}) (?:has|have|is getting|will get|already has|now has|gets) (?:every|all|copies|the screenshots|screenshots|everything|a copy)\b` },
  { pattern: 'threat', weight: 0.8, source: String.raw`\b${I_WILL} (?:\w+ )?(?:stop|cut off|withhold|stop paying|quit paying|cancel|freeze|hold back|stop sending) (?:child support|support|paying|the payments|payments|your money|the money|alimony|any money|the checks|a dime)\b` },
  { pattern: 'threat', weight: 0.8, source: String.raw`\b(?:not|never|won't (?:get|see)|will not (?:get|see)|without) (?:another|a single|one more|one) (?:cent|dime|penny|red cent)\b` },
  { pattern: 'threat', weight: 0.7, source: String.raw`\b${I_WILL} (?:\w+ )?(?:report you|call (?:the )?(?:police|cops) on you|have you (?:arrested|served|investigated))\b|\breport (?:you|u) to ${AUTHORITY}\b` },
  { pattern: 'threat', weight: 0.7, source: String.raw`\b${I_WILL} (?:just )?(?:keep|take|move|bring) ${KIDS_OR_PRONOUN} (?:and (?:leave|move|go)|away|out of (?:state|the country)|somewhere you|with me and)\b` },
  { pattern: 'threat', weight: 0.5, source: String.raw`\b(?:i'm|im|i am) (?:documenting|recording|screenshotting|keeping (?:a )?record of|keeping track of|saving) (?:all of )?(?:this|everything|every|all)\b|\b(?:screenshotted|screenshot|documented)(?: and saved)?\. (?:all of it|everything)\b` },
  { pattern: 'threat', weight: 0.8, source: String.raw`\b(?:just )?wait (?:until|till|'til|til) (?:the judge|my ${LAWYER}|court|the court|the mediator|cps)\b` },
  { pattern: 'threat', weight: 0.75, source: String.raw`\b(?:this|you|that) (?:will|is going to|'ll) cost (?:you|u)\b|\b${I_WILL} (?:fight|take) (?:you|this) all the way\b` },
  { pattern: 'threat', weight: 0.6, source: String.raw`\b(?:you(?:'d| had) better|you better)\b[^.?!]{0,50}\bor\b` },
  { pattern: 'threat', weight: 0.6, source: String.raw`\b(?:don't|do not) (?:you )?dare\b` },
  { pattern: 'threat', weight: 0.75, source: String.raw`\b${YOU_WILL}\b[^.?!]{0,40}\bsupervised\b|\beither (?:you|u)\b[^.?!]{0,60}\bor (?:i|i'll|i will|i'm)\b` },
  { pattern: 'threat', weight: 0.7, source: String.raw`\b(?:(?:and|then|just) )?see what happens\b|\b(?:i'm|i am) warning (?:you|u)\b|\bconsider this (?:a|your) warning\b|\byou'll see\.|\bjust watch\b` },
  { pattern: 'threat', weight: 0.75, source: String.raw`\b(?:file|filing|filed) (?:a |an )?(?:motion|petition|complaint|report|case|suit|lawsuit|restraining order)\b` },
  { pattern: 'threat', weight: 0.6, source: String.raw`\b(?:while it lasts|enjoy it while (?:you|it) can|while you still can|your days (?:of|with) \w+ are numbered)\b` },
  { pattern: 'threat', weight: 0.8, source: String.raw`\bmake sure (?:the judge|the court|my ${LAWYER}|everyone|cps|the police|your (?:boss|work|employer|family|parents)) (?:hears|knows|finds out|sees|learns)\b|\b(?:judge|court|${LAWYER}|mediator|cps|police)\b[^.?!]{0,20}\b(?:hears?|knows?|finds? out|sees?) about (?:it|this|that|you|what you)\b` },
  { pattern: 'threat', weight: 0.7, source: String.raw`\bdone (?:being|playing|co-?parenting|playing) nice(?:ly)?\b|\bno more (?:mr\.? )?nice (?:guy|girl)\b|\bthe gloves (?:are|come) off\b` },
  { pattern: 'threat', weight: 0.55, source: String.raw`\b(?:can't|cannot|won't|will not) (?:save|protect|help) you\b|\bi (?:have|'ve got|kept) (?:screenshots|receipts|proof|evidence|records|recordings) of (?:everything|all of it|it all|every)\b` },
  { pattern: 'threat', weight: 0.7, source: String.raw`\b${I_WILL} (?:\w+ )?(?:call|contact|tell|email|go to|visit) your (?:boss|work|job|employer|parents|mother|father|new \w+|family|church)\b|\b${I_WILL} (?:\w+ )?(?:tell|show) everyone\b|\beveryone will know\b` },
]);

const IMPERATIVE_VERB = String.raw`(?:do|send|pay|give|bring|return|transfer|venmo|zelle|call|text|answer|sign|drop|get|come|fix|hand|move|stop|tell|reply|respond|pick|take|leave|show|email|confirm|cancel|book|buy|put)`;

/** Demands: orders instead of requests. */
// One rule per line reads as a table.
// prettier-ignore
export const DEMAND_RULES: LexiconRule[] = compileRules([
  { pattern: 'demand', weight: 0.35, source: String.raw`\b(?:you|u) (?:need|have|got|gotta) to\b|\byou gotta\b` },
  { pattern: 'demand', weight: 0.45, source: String.raw`\b(?:you|u) must\b(?! (?:be|have been|know|feel|think|hate|love|miss|see)\b)` },
  { pattern: 'demand', weight: 0.45, source: String.raw`(?:^|[.!?]\s*)(?:you|u) will (?!(?:love|like|enjoy|see|be (?:happy|glad|pleased|proud|able)|get to|have fun|need|want|probably|likely|find|notice|hear)\b)\w+` },
  { pattern: 'demand', weight: 0.6, source: String.raw`\b(?:i demand|i'm demanding|i am demanding|i insist|i expect (?:you|u) to|i'm telling you to|i am telling you to|i order you|do as i say|do what i say|because i said so|i'm not asking|im not asking|i am not asking|this is not a request|that's not a request|this isn't a request)\b` },
  { pattern: 'demand', weight: 0.55, source: String.raw`\bi want (?:[\w']+ ){1,3}(?:back|returned|paid|done|fixed|signed|sent|now|today|immediately)\b|\bi want (?:it|this|that|the money|my money) by\b` },
  { pattern: 'demand', weight: 0.45, source: String.raw`\b(?:at once|this instant|this minute|this second|no excuses|no exceptions|end of (?:discussion|story|conversation)|non[- ]?negotiable|not up for (?:discussion|debate)|that's final|final answer|effective immediately|no ifs,? ands,? or buts|no arguments|no discussion)\b|,? period(?:[.!]|$)` },
  { pattern: 'demand', weight: 0.3, source: String.raw`\b(?:right now|immediately|asap)\b` },
  { pattern: 'demand', weight: 0.6, source: String.raw`(?:^|[.!?;,]\s*)(?:just )?${IMPERATIVE_VERB}\b[^.?!,]{0,60}\b(?:now|right now|immediately|asap|this instant|today!|tonight!)(?=\s*[.!,]|\s*$|\s+or\b)` },
  { pattern: 'demand', weight: 0.2, source: String.raw`^(?:just )?${IMPERATIVE_VERB}\b(?! you\b)` },
  { pattern: 'demand', weight: 0.5, source: String.raw`(?:[.!?]\s*)(?:now|today|tonight|immediately|right now|asap)\s*[.!]+\s*$` },
  { pattern: 'demand', weight: 0.45, source: String.raw`\b(?:don't|do not) (?:be late|keep me waiting|make me wait|make me ask|ignore (?:me|this))\b` },
  { pattern: 'demand', weight: 0.5, source: String.raw`\b(?:i'm|im|i am) not (?:discussing|debating|arguing about|talking about|negotiating) (?:this|it|that)\b` },
  { pattern: 'demand', weight: 0.35, source: String.raw`\b${YOU_ARE} going to (?:drive|pay|bring|take|pick|give|sign|return|send|have|do|get)\b(?![^.?!]*\?)` },
  { pattern: 'demand', weight: 0.55, source: String.raw`\b(?:you(?:'d| had) better|you better)\b` },
  { pattern: 'demand', weight: 0.55, source: String.raw`\b(?:answer me|answer (?:your|the) (?:damn |fucking |freaking )?phone|pick up (?:your|the) (?:damn |fucking |freaking )?phone|respond (?:to me )?now|reply (?:to me )?now|call me back now|call me now)\b` },
  { pattern: 'demand', weight: 0.55, source: String.raw`\b(?:i'm|im|i am) not (?:going to |gonna )?(?:ask|asking|tell|telling|say|saying) (?:you )?(?:again|twice|one more time)\b|\bi won't ask again\b|\blast time i(?:'m| am) asking\b|\bi (?:won't|will not|am not going to|'m not going to) (?:remind|ask|tell) (?:you|u) again\b` },
  { pattern: 'demand', weight: 0.5, source: String.raw`(?:^|[.!?,]\s*)(?:just )?${IMPERATIVE_VERB}\b[^.?!]{0,60}\balready\s*[.!]*$|\blisten to me\b(?![^.?!]{0,60}\b(?:great|good|proud|sorry|thank|love|amazing|well|right|okay|fine)\b)|\banswer the (?:damn |freaking )?question\b|\bi need an answer (?:now|today|tonight|immediately)\b` },
  { pattern: 'demand', weight: 0.55, source: String.raw`\byou have (?:until|till|'til|\d+ (?:hours|days|minutes)) (?:to|or)\b` },
  { pattern: 'demand', weight: 0.5, source: String.raw`(?:^|[.!?]\s*)now[.!]+(?:\s|$)|\b(?:stop|quit) (?:texting|calling|messaging|emailing|bothering|harassing|contacting) me\b` },
  { pattern: 'demand', weight: 0.45, source: String.raw`\bi need (?:it|this|that|the money|my money|the \w+|you to \w+)[^.?!]{0,40}\b(?:now|immediately|right now|asap|today)\s*(?:!|$)` },
  { pattern: 'demand', weight: 0.5, source: String.raw`\b(?:don't|do not) (?:you )?(?:ever|even think about)\b` },
  { pattern: 'demand', weight: 0.45, source: String.raw`\b(?:make sure|see to it) (?:you|u|it|that)\b[^.?!]{0,60}\b(?:or (?:else|i)|this time|for once)\b` },
]);

/** Children used to carry messages, money or blame between the parents. */
// One rule per line reads as a table.
// prettier-ignore
export const CHILD_MESSENGER_RULES: LexiconRule[] = compileRules([
  { pattern: 'child_as_messenger', weight: 0.75, source: String.raw`\b(?:tell|ask|remind|let|warn|inform|show|text) your ${PARENT_WORD}\b(?! (?:i said )?(?:thanks|thank you|happy birthday|hi|hello|i said hi|merry christmas)\b)(?: (?:that|to|if|why|whether|know|he|she|i|we))?` },
  { pattern: 'child_as_messenger', weight: 0.7, source: String.raw`\b(?:tell|told|telling|ask|asked|asking|have|had|having|get|got|getting|make|made|making|send|sent|sending)\s+(?!me\b|us\b|to\b|someone\b|somebody\b|nobody\b|the school\b|the teacher\b|the office\b|my \w+\b)(?:${CHILD_WORD}|them|her|him|\w+)\s+(?:to\s+)?(?:(?:ask|remind|pass (?:it|this|that|the message) (?:on|along) to) (?:you|u)\b|tell (?:you|u)\b(?! (?:all )?about (?:her|his|their|the|my) (?:day|trip|weekend|game|recital|visit|party|holiday|vacation|camp|school|news|project|match|concert)))` },
  { pattern: 'child_as_messenger', weight: 0.6, source: String.raw`\b(?:send|sending|sent|give|giving|gave|hand|handing) (?:the |a |your |my )?(?:money|check|cheque|cash|payment|support|message|note|letter|bill|receipt|demand|the rest)s? (?:with|through|via|to) ${CHILD_TARGET}\b` },
  { pattern: 'child_as_messenger', weight: 0.6, source: String.raw`\b(?:have|had|get|got|make|made|send|sent) ${CHILD_TARGET} (?:to )?(?:give|hand|bring|pass|deliver) (?:you|u) (?:the|a|my|this|that|your) (?:receipt|money|check|cheque|note|letter|bill|message|papers|documents?|payment|cash|invoice)s?\b` },
  { pattern: 'child_as_messenger', weight: 0.6, source: String.raw`\b(?:money|cash|payment|support|(?:the|a|your|my|this) (?:check|cheque))\b[^.?!]{0,40}\bin (?:${CHILD_NAME}'s|his|her|their|the kids') (?:backpack|bag|book ?bag|folder|lunch ?box|pocket|suitcase)\b` },
  { pattern: 'child_as_messenger', weight: 0.65, source: String.raw`\b(?:gave|give|giving|handed|hand|sent|send)\b[^.?!]{0,40}\bto ${CHILD_TARGET} to (?:give|hand|pass|show|bring)(?: it)?(?: to)? (?:you|u)\b` },
  { pattern: 'child_as_messenger', weight: 0.6, source: String.raw`\b(?:${CHILD_TARGET}|she|he|they) (?:can|will|should|'ll) (?:pass (?:it |this |that |the message |everything |whatever you need |messages )?(?:along|on)|relay (?:it|this|that|messages|everything)|give you (?:the|my) message)` },
  { pattern: 'child_as_messenger', weight: 0.45, source: String.raw`\b(?:${CHILD_TARGET}) (?:will|can|is going to|'ll) (?:tell|let) (?:you|u)(?: know)? (?:what|when|where|how|why|if|whether)\b` },
  { pattern: 'child_as_messenger', weight: 0.55, source: String.raw`\b(?:through|via|using) (?:${CHILD_WORD}|the kids|them)\b(?=[^.?!]{0,40}\b(?:message|tell|talk|communicate|pass|ask)\b)|\b(?:talk|communicate|speak|pass (?:messages|notes)) (?:to (?:you|u) )?(?:through|via|using) (?:${CHILD_WORD}|them|her|him)\b` },
  { pattern: 'child_as_messenger', weight: 0.55, source: String.raw`\bpass (?:it|this|that|the message) (?:along|on) to your ${PARENT_WORD}\b` },
  { pattern: 'child_as_messenger', weight: 0.55, source: String.raw`\byour ${PARENT_WORD} (?:better|owes (?:me|us)|needs to (?:know|pay|step up|grow up|stop|learn|get (?:a|his|her) act))\b` },
  { pattern: 'child_as_messenger', weight: 0.5, source: String.raw`\b(?:ask|let) (?:${CHILD_WORD}|them|her|him) (?:what|why|how) (?:you|u)\b|\b(?:${CHILD_WORD}|they) (?:can|will) (?:tell|explain to) (?:you|u) (?:themselves|why|what you|how you)\b` },
  { pattern: 'child_as_messenger', weight: 0.5, source: String.raw`\b(?:i'm|im|i am) not (?:talking|speaking) to (?:you|u)\b[^.?!]{0,60}\b(?:kids|children|through|tell|ask|pass|relay)\b|\b(?:kids|children|through|tell|ask|pass|relay|${CHILD_NAME})\b[^.?!]{0,60}\b(?:i'm|im|i am) not (?:talking|speaking|texting) to (?:you|u)\b` },
]);
