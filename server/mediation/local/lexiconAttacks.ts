/**
 * Rules for attacks on the other parent as a person: insult, blame and
 * contempt (sarcasm). Weights: ≥ 0.5 holds a message on its own; 0.35–0.45
 * is reported but needs a second cue; below 0.35 only nudges the risk.
 */
import {
  ARTICLE_NOUN,
  compileRules,
  INSULT_ADJ,
  INSULT_NOUN,
  PRAISE_WORD,
  YOU,
  YOU_ARE,
  type LexiconRule,
} from './lexicon.js';

const INSULT_FILLER = String.raw`(?:such|so|a|an|the|being|acting like|just|really|total|complete|absolute|utter|fucking|freaking|effing|damn|stupid|pathetic|lazy|useless|selfish|lying|worthless|little|big|real|sad|sorry|nothing but|no better than|like|huge|one)`;
// Questions such as "do you always take the bus?" are asked, not thrown.
const NOT_A_QUESTION_LEAD = String.raw`(?<!\b(?:do|did|have|would|will|can|could|if|as|when|whether|should|may) )`;

/** Insults: names and adjectives aimed at the reader. */
// One rule per line reads as a table.
// prettier-ignore
export const INSULT_RULES: LexiconRule[] = compileRules([
  { pattern: 'insult', weight: 0.8, source: String.raw`\b(?:${YOU}|${YOU_ARE})(?: ${INSULT_FILLER}){0,3} ${INSULT_NOUN}s?\b` },
  { pattern: 'insult', weight: 0.75, source: String.raw`\b${YOU_ARE}(?: (?:such|so|just|really|being|acting like|nothing but|no better than|like|always|still))* (?:a|an|the)(?: (?:total|complete|absolute|utter|real|fucking|pathetic|sad|sorry|huge|big|joke of a))* ${ARTICLE_NOUN}\b` },
  { pattern: 'insult', weight: 0.7, source: String.raw`\b(?:${YOU_ARE}|you were|you've been|you have been|you look|you sound|you seem|you act)(?: (?:so|such|really|being|just|truly|completely|totally|absolutely|incredibly|unbelievably|utterly|fucking|always|acting|seriously|clearly|obviously|honestly|a little|too|a|an))* ${INSULT_ADJ}\b` },
  { pattern: 'insult', weight: 0.7, source: String.raw`\b(?:you|u) (?:big|little|total|complete|absolute|utter|pathetic|fucking|spoiled|stupid|lazy|giant|huge|sad) (?:${ARTICLE_NOUN}|crybaby|cry baby)\b|\bcry ?baby\b` },
  { pattern: 'insult', weight: 0.75, source: String.raw`\b(?:what|such) an? (?:(?:total|complete|absolute|utter|real|fucking|pathetic|sad|sorry|useless|selfish|lazy|stupid) )*(?:${INSULT_NOUN}|${ARTICLE_NOUN})\b` },
  { pattern: 'insult', weight: 0.75, source: String.raw`\b(?:worst|terrible|horrible|awful|pathetic|useless|lousy|negligent|unfit|deadbeat|absent|crappy|shitty|failure of a|excuse for a|selfish|lazy) (?:father|mother|dad|mom|parent|co-?parent)(?!-teacher| teacher)\b` },
  { pattern: 'insult', weight: 0.65, source: String.raw`\byour (?:pathetic|stupid|useless|lazy|crazy|selfish|sorry|worthless|fat|ugly|psycho|trashy|skanky|dumb|idiot|moron|deadbeat|drunk|loser|lying|miserable|tiny|little) (?:ass|self|excuses?|life|girlfriend|boyfriend|wife|husband|new \w+|family|mother|father|mom|dad|lawyer|friends?|job|brain|head|face|opinions?|rules|ideas?|attitude|drama|lies|mouth)\b` },
  { pattern: 'insult', weight: 0.65, source: String.raw`\bare (?:you|u) (?:really |that |even |actually |just |completely |fucking |so )*(?:stupid|dumb|insane|crazy|nuts|mental|incompetent|incapable|retarded|illiterate|blind|deaf|brain ?dead|high|drunk|an idiot|a moron|a child|five|twelve|serious right now)\b` },
  { pattern: 'insult', weight: 0.65, source: String.raw`\bhow (?:stupid|dumb|selfish|lazy|pathetic|incompetent|irresponsible|clueless|useless|immature|childish|dense|ignorant) (?:are you|can you|can one|is that|of you|do you)\b` },
  { pattern: 'insult', weight: 0.65, source: String.raw`\b(?:what's|what is|whats|something is|something's) (?:wrong|the matter) with you\b` },
  { pattern: 'insult', weight: 0.7, source: String.raw`(?:^|[,.!?;:]\s*|\s-\s*)${INSULT_NOUN}s?\s*(?:[.,!?]|$)` },
  { pattern: 'insult', weight: 0.5, source: String.raw`\b(?:deadbeat|moron|imbecile|dumbass|dipshit|scumbag|dirtbag|lowlife|low-life|narcissist(?:ic)?|psychopath|sociopath|nutjob|nut job|idiot(?:ic)?|loser)s?\b` },
  { pattern: 'insult', weight: 0.7, source: String.raw`\b(?:${YOU}|${YOU_ARE}|being|such|what|that|this|your|a|an|total|complete|absolute|fucking) (?:(?:a|an|such a|total|complete|absolute|fucking|lying|stupid|little|big) )?(?:dick|dickhead|bitch|asshole|arsehole|bastard|prick|twat|cunt|douche(?:bag)?|jackass|dumbass|shithead|piece of shit)s?\b` },
  { pattern: 'insult', weight: 0.7, source: String.raw`\b(?:you|u) ${INSULT_ADJ} (?!(?:about|with|to|for|when|if|and|or)\b)[a-z]+\b` },
  { pattern: 'insult', weight: 0.6, source: String.raw`\b(?:is|are|was|were|'s) (?:a|an|such an?|the biggest|a total|a complete|an absolute|a real) (?:\w+ )?${INSULT_NOUN}\b` },
  { pattern: 'insult', weight: 0.65, source: String.raw`\bwhat kind of (?:a )?(?:mother|father|parent|mom|dad|person|human being|human|man|woman|co-?parent)\b|\bwhat(?:'s| is) your (?:problem|deal|issue)\b` },
  { pattern: 'insult', weight: 0.55, source: String.raw`\b(?:can (?:you|u) (?:even )?read|reading is hard|learn to read|do (?:you|u) need me to spell it out|let me (?:spell it out|explain (?:this|it) slowly))\b` },
  { pattern: 'insult', weight: 0.55, source: String.raw`\ba (?:dad|mom|father|mother|parent|man|woman|person) who (?:can't|cannot|doesn't|won't|never|couldn't)\b|\bforget your (?:own )?head\b|\bsorry excuse (?:of|for)\b` },
  { pattern: 'insult', weight: 0.6, source: String.raw`\b(?:stop|quit) (?:being|acting like|acting) (?:a |an |such a |so |the )?(?:child|baby|brat|jerk|idiot|childish|immature|selfish|ridiculous|dramatic|hysterical|difficult|petty|crazy|lazy|victim|martyr)\b` },
  { pattern: 'insult', weight: 0.6, source: String.raw`\b${YOU_ARE} (?:(?:such|so|just|always) )?(?:lying|a liar|full of (?:it|crap|shit|bs|yourself))\b` },
  { pattern: 'insult', weight: 0.65, source: String.raw`(?:^|[.!?]\s*)${INSULT_ADJ}(?:,? (?:as (?:always|usual|ever)|much|again))?\s*[.!]` },
  { pattern: 'insult', weight: 0.7, source: String.raw`\b${YOU_ARE} (?:by far |easily |honestly |literally )?(?:the|such an?) (?:single )?(?:most|least) ${INSULT_ADJ}\b|\b${YOU_ARE} the worst\b` },
  { pattern: 'insult', weight: 0.55, source: String.raw`\b(?:half a brain|a single brain cell|two brain cells|an ounce of (?:common )?sense|(?:any|a) (?:decent|normal|sane|competent|functioning) (?:parent|person|adult|human))\b` },
  { pattern: 'insult', weight: 0.55, source: String.raw`\b(?:you|u) (?:can't|cannot|cant|couldn't) (?:even )?(?:think|read|count|manage|handle) (?:your way|for yourself|a (?:calendar|clock|simple))` },
  // Third person or no person at all: "this buffoon", "bunch of cowards".
  { pattern: 'insult', weight: 0.6, source: String.raw`\b(?:this|that|these|those|what an?|such an?|bunch of|pack of|a couple of) (?:(?:total|complete|absolute|utter|useless|lazy|stupid|pathetic|spineless|gutless|lying|sad|little|big|old) )*${INSULT_NOUN}s?\b(?! (?:song|movie|show|game|book|character)s?\b)` },
]);

/** Blame: absolutes and fault-finding about the reader. */
// One rule per line reads as a table.
// prettier-ignore
export const BLAME_RULES: LexiconRule[] = compileRules([
  { pattern: 'blame', weight: 0.6, source: String.raw`${NOT_A_QUESTION_LEAD}\b(?:you|u)(?:'ve| have|'re| are|'d| would)? (?:always|never|constantly|continually)\b(?! know\b| mind\b)(?![^.?!]{0,30}\b${PRAISE_WORD}\b)` },
  { pattern: 'blame', weight: 0.8, source: String.raw`\b(?:it's|its|it is|this is|that's|thats|that is|all|it was|this was|that was|everything is|everything's) (?:all |entirely |completely |totally )?your (?:own )?fault\b` },
  { pattern: 'blame', weight: 0.6, source: String.raw`\byour (?:own )?fault\b` },
  { pattern: 'blame', weight: 0.55, source: String.raw`\b(?:because of you|thanks to you|all on you|on you, not me|you're to blame|you are to blame|blame yourself|i blame you)\b(?![^.?!]{0,20}\b${PRAISE_WORD}\b)` },
  { pattern: 'blame', weight: 0.6, source: String.raw`\b${YOU_ARE} (?:the (?:reason|one who|problem|cause)|why (?:she|he|they|we|this|everything))\b` },
  { pattern: 'blame', weight: 0.55, source: String.raw`\b(?:you|u)(?:'ve| have)? (?:ruined|ruin|destroyed|wrecked|screwed up|screw up|messed up|mess up|blew it|dropped the ball|let (?:her|him|them|us|the kids|everyone) down|broke (?:her|his|their|your|our) (?:heart|promise)|broke your word)\b` },
  { pattern: 'blame', weight: 0.55, source: String.raw`\b(?:you|u) made (?:her|him|them|me|the kids|us|everyone|\w+) (?:cry|sick|upset|late|miss|sad|feel|so|worse|angry|scared|anxious)\b` },
  { pattern: 'blame', weight: 0.55, source: String.raw`\b(?:look (?:at )?what you(?:'ve)? (?:did|done|have done)|you did this|you caused this|you started (?:this|it)|this is on you|that's on you|this is what you)\b` },
  { pattern: 'blame', weight: 0.55, source: String.raw`\b(?:you|u)\b[^.?!]{0,40}\b(?:late|forgot|forget|didn't|did not|failed|missed|no-show|ignored|cancelled|canceled|bailed|flaked)\b[^.?!]{0,25}\b(?:as usual|again|like always|like usual|yet again|every (?:single )?(?:time|week|weekend|month|day|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|for the \w+ time)\b` },
  { pattern: 'blame', weight: 0.4, source: String.raw`(?<!\b(?:did|have|if|in case|when) )\b(?:you|u)(?:'ve| have)? (?:forgot|forgotten|missed|ignored|failed to|couldn't be bothered|didn't bother|lost|flaked|bailed)\b` },
  { pattern: 'blame', weight: 0.5, source: String.raw`\b(?:wouldn't|would not|would never|never would) have happened if (?:you|u)\b` },
  { pattern: 'blame', weight: 0.5, source: String.raw`\b(?:you|u) (?:can't|cannot|couldn't|didn't|did not|don't|won't) even\b` },
  { pattern: 'blame', weight: 0.55, source: String.raw`\bif (?:you|u) (?:had|would have|'d|had just|would've)\b[^.?!]{0,60}\b(?:wouldn't|would not|would never|would've|would have|wouldn't have)\b` },
  { pattern: 'blame', weight: 0.35, source: String.raw`\b(?:like|as) i (?:asked|told you|said|begged)\b` },
  { pattern: 'blame', weight: 0.5, source: String.raw`\byour (?:constant|endless|non-?stop|continual|repeated|chronic|usual|never-ending) \w+` },
  { pattern: 'blame', weight: 0.55, source: String.raw`\b(?:it's|it is|there's|there is) always (?:something|one thing or another|an excuse|a problem|drama) with (?:you|u)\b|\bwith (?:you|u),? it's always\b` },
  { pattern: 'blame', weight: 0.4, source: String.raw`\b(?:you|u) (?:were|was) supposed to\b` },
  { pattern: 'blame', weight: 0.5, source: String.raw`\b(?:you|u) still (?:haven't|have not|hasn't|didn't|did not|can't|won't|don't|owe|refuse|never)\b` },
  { pattern: 'blame', weight: 0.5, source: String.raw`\byour (?:messes|mess|mistakes|screw-?ups|fuck-?ups|drama|lies|excuses|bs|bullshit|nonsense|crap|garbage|games|mind games|tantrums|incompetence|negligence|selfishness|laziness)\b` },
  { pattern: 'blame', weight: 0.45, source: String.raw`\bbecause (?:you|u) (?:never|didn't|did not|couldn't|wouldn't|can't|won't|refuse|always|forgot)\b` },
  { pattern: 'blame', weight: 0.3, source: String.raw`\b(?:you|you're|you are|you've)\b[^.?!]{0,40}\bagain\b` },
  { pattern: 'blame', weight: 0.35, source: String.raw`\b(?:you|u) promised\b|\bthat's so (?:you|typical)\b` },
  { pattern: 'blame', weight: 0.55, source: String.raw`\byou said you(?:'d| would| were going to)\b[^.?!]{0,60}\b(?:and|but) you (?:didn't|did not|never|forgot|bailed)\b|\b(?:anyone|anybody|anything) but yourself\b` },
  { pattern: 'blame', weight: 0.45, source: String.raw`\b(?:the kids|they|she|he|[a-z]+) deserves? (?:better|a better \w+)\b|\b(?:it's|its|it is) always about (?:you|your)\b` },
  { pattern: 'blame', weight: 0.35, source: String.raw`\b(?:you|u)\b[^.?!]{0,50}\bwithout (?:asking|telling|checking with|consulting|talking to|even asking) me\b` },
  { pattern: 'blame', weight: 0.5, source: String.raw`\bnot once (?:have|did|has|do) (?:you|u)\b|\bnot (?:a )?single time\b` },
  { pattern: 'blame', weight: 0.5, source: String.raw`\bhow many (?:times|more times) (?:do|have|must|will|did) (?:i|we)\b|(?:^|[.!?]\s*)how many (?:more )?times\s*(?:[.!?]|$)` },
  { pattern: 'blame', weight: 0.5, source: String.raw`\b(?:you|u) keep (?:\w+ing)\b(?! (?:up the|me posted|her safe|him safe|them safe))` },
  { pattern: 'blame', weight: 0.4, source: String.raw`\b(?:once again|yet again|as always|like always|for once in your life|for once)\b(?![^.?!]{0,20}\b${PRAISE_WORD}\b)` },
  { pattern: 'blame', weight: 0.5, source: String.raw`\bevery single time\b(?![^.?!]{0,30}\b${PRAISE_WORD}\b)` },
  { pattern: 'blame', weight: 0.35, source: String.raw`\bevery (?:single )?time (?:you|u)\b(?![^.?!]{0,30}\b${PRAISE_WORD}\b)` },
  { pattern: 'blame', weight: 0.45, source: String.raw`\bi can't believe (?:you|u)\b|\bi cannot believe (?:you|u)\b` },
  { pattern: 'blame', weight: 0.5, source: String.raw`\b(?:you|u) (?:only|just) (?:care|think) about (?:yourself|you|your)\b` },
]);

/** Contempt and sarcasm: mockery, eye-rolls, dismissal. */
// One rule per line reads as a table.
// prettier-ignore
export const CONTEMPT_RULES: LexiconRule[] = compileRules([
  { pattern: 'contempt', weight: 0.7, source: String.raw`\bof course (?:you|u) (?:did|didn't|did not|would|wouldn't|forgot|are|were|can't|couldn't|have|haven't|do|don't|will|won't|had to)\b|\bof course you'd\b` },
  { pattern: 'contempt', weight: 0.65, source: String.raw`(?:^|[.!?]\s*)(?:oh,? |yeah,? )?sure,? (?:you|u|you'll|you'd|you've|you're) (?:did|do|will|are|were|have|can|would|definitely|totally|absolutely|be|\w+ed)\b(?![^.?!]*\?)` },
  { pattern: 'contempt', weight: 0.7, source: String.raw`\b(?:yeah,? right|ri+ght+\.\.\.|su+u+re+\b|as if\b(?=[.!?]|$)|yeah,? okay\.)` },
  { pattern: 'contempt', weight: 0.8, source: String.raw`\b(?:father|mother|dad|mom|parent|co-?parent) of the year\b` },
  { pattern: 'contempt', weight: 0.8, source: String.raw`\bthanks for nothing\b|\bthanks a lot for (?:nothing|ruining|ditching|forgetting|leaving me|wasting|making me|ignoring|nothing)\b` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`(?:^|[.!?]\s*)(?:wow|gee),? (?:thanks|thank you)(?: (?:a lot|so much|so very much))?\b(?! for (?:the|helping|picking|taking|letting|doing|covering|sending|being so))` },
  { pattern: 'contempt', weight: 0.75, source: String.raw`\b(?:great|nice|wonderful|fantastic|stellar|brilliant|super|real|excellent|top-notch|stellar) parenting\b` },
  { pattern: 'contempt', weight: 0.65, source: String.raw`\b(?:nice|great|good|fantastic|brilliant|stellar|wonderful|outstanding|well) (?:job|work|going|move|call|planning|done)\b,? (?:forgetting|missing|ruining|losing|letting|leaving|ignoring|showing up|being late|screwing|messing|breaking|ditching|cancell?ing|canceling|bailing|flaking|again|as usual|there|genius|once again|yet again)\b` },
  { pattern: 'contempt', weight: 0.65, source: String.raw`\b(?:nice|great|good|fantastic|brilliant|stellar|wonderful) (?:job|work|going) \w+ing\b[^.?!]{0,40}(?:\.\.\.|…|\blate\b|\bagain\b|\bonly\b|\bfinally\b)` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`\bgrace (?:us|me|them|everyone) with\b|\bcongrat(?:ulation)?s on (?:showing up|remembering|finally|actually|doing the bare minimum|being on time|bothering)\b|\bthe bare minimum\b` },
  { pattern: 'contempt', weight: 0.4, source: String.raw`(?:^|[.!?]\s*)(?:ha+|hah|lol|haha+)[.!,]` },
  { pattern: 'contempt', weight: 0.4, source: String.raw`\b(?:you|u) (?:actually |really |seriously |honestly )?think (?:a|an|that|this|i|you|i'm|it's)\b[^.?!]*\?` },
  { pattern: 'contempt', weight: 0.4, source: String.raw`\b(?:just )?like (?:last time|every other time|the last \w+ times)\b` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`\bhope (?:you're|youre|you are) (?:happy|proud|satisfied|pleased)(?: (?:now|with yourself))?\b|\b(?:are you )?happy now\?` },
  { pattern: 'contempt', weight: 0.55, source: String.raw`\b(?:totally|very|so|sounds|how) (?:believable|convincing|likely|plausible)\b|\bhow hard is it to\b` },
  { pattern: 'contempt', weight: 0.4, source: String.raw`\b(?:i'm|im|i am) (?:so )?(?:done|over it|finished) with (?:this|you|it|your|all of this)\b|\b(?:i'm|im|i am) (?:so done|done (?:discussing|talking|texting|arguing|explaining|asking))\b` },
  { pattern: 'contempt', weight: 0.5, source: String.raw`\b(?:do|say|think|believe) (?:whatever|what) (?:you|u) want\b|(?:^|[.!?,]\s*)(?:as if|like) (?:you|u)(?:'ve| have| had| would| could)? (?:ever|even)\b` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`(?:^|[.!?]\s*)(?:oh|wow|well),? (?:great|wonderful|perfect|fantastic|lovely|joy|goody|brilliant|terrific|marvelous|super|awesome)\b[,.!]*\s*(?:another|just what|more|so|exactly|now|because|thanks)\b|\.\s*not[.!]*$` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`\b(?:nobody|no one|noone) (?:cares|asked|wants to hear)\b(?! (?:if|whether|about (?:being )?late|that much)\b)|\bwho cares\b|\bcool story\b|\bnews ?flash\b|\bearth to\b|\bhello\?{2,}` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`\b(?:stop|quit) (?:your )?(?:whining|complaining|crying|nagging|bitching|moaning|playing the victim|being dramatic|the drama|the pity party)\b` },
  { pattern: 'contempt', weight: 0.45, source: String.raw`\b(?:you|u) (?:clearly|obviously) (?:have no (?:idea|clue)|don't (?:know|care|get it)|can't|never)\b|\bin case (?:you|u) forgot\b|\bdon't (?:even )?bother\b` },
  { pattern: 'contempt', weight: 0.55, source: String.raw`\bway to go\b[,.!]? (?:you|u|again|genius|mom|dad|there)\b|\bway to (?!go\b)(?:ruin|forget|ditch|mess|screw|blow|miss|let|embarrass|make)\w*` },
  { pattern: 'contempt', weight: 0.5, source: String.raw`\b(?:would it kill (?:you|u) to|is (?:that|it) (?:too much|so much|really too much) to ask|is it (?:really )?(?:that|so) hard to|who does that|are (?:you|u) serious right now|what were (?:you|u) thinking)\b` },
  { pattern: 'contempt', weight: 0.55, source: String.raw`\b(?:i'm|i am) not your (?:maid|servant|slave|secretary|mother|mom|babysitter|assistant|bank|atm|personal \w+)\b|\b(?:now )?i'm the bad guy\b|\bmake me (?:look like )?the bad guy\b` },
  { pattern: 'contempt', weight: 0.55, source: String.raw`\bexpected? (?:anything|something) (?:different|else|more|better) from you\b|\bwhat did i expect\b|\bshould have known better than to\b|\bcry (?:to your|about it|all you want)\b` },
  { pattern: 'contempt', weight: 0.55, source: String.raw`\b(?:good luck|have fun|try) explaining (?:(?:that|this|it|yourself) )?to (?!(?:a|the) (?:judge|court|mediator)\b)\w+` },
  { pattern: 'contempt', weight: 0.5, source: String.raw`\bthanks for (?:teaching|showing|proving|reminding) (?:\w+ )?(?:that|how|what)\b` },
  { pattern: 'contempt', weight: 0.55, source: String.raw`\bwhat (?:the hell |on earth |in god's name |exactly )?were (?:you|u) thinking\b` },
  { pattern: 'contempt', weight: 0.35, source: String.raw`\b(?:i'm|im|i am) not (?:texting|talking to|speaking to|calling|messaging|replying to|answering) (?:you|u)\b` },
  { pattern: 'contempt', weight: 0.4, source: String.raw`(?:^|[.!?]\s*)(?:nice|great|good) (?:job|work|one)(?:[.!]+|,? (?:really|truly))(?:\s|$)` },
  { pattern: 'contempt', weight: 0.4, source: String.raw`(?:^|[.!?]\s*)(?:really|seriously|are you serious|are you kidding(?: me)?|you're kidding(?: me)?|for real)\s*\?+` },
  { pattern: 'contempt', weight: 0.5, source: String.raw`\b(?:you(?:'ve| have) got to be kidding|you must be (?:joking|kidding)|are you kidding me|give me a break|gimme a break|spare me|oh,? please\b(?!,? (?:let|send|call|tell|bring|pick|remember|confirm|don't|do|can|could)))` },
  { pattern: 'contempt', weight: 0.55, source: String.raw`(?:^|[.!?]\s*)(?:un-?(?:freaking|fucking|effing)?-?believable|typical|classic you|typical you|so typical|how typical|pathetic|ridiculous|laughable|wow[.,!]*\s*just wow)\s*(?:[.!?]|$)|(?:^|[.!?]\s*)(?:wow|unreal|shocking|figures|go figure|classic|cute|noted|sure)\.` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`\b(?:must be nice|how convenient(?! (?:would|is|for|it|are))|big surprise|what a surprise(?! party)|what a shock|shocker|colou?r me (?:surprised|shocked)|not surprised|i'm shocked|im shocked|what else is new|what(?:'s| is) new|surprise,? surprise)\b` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`\b(?:grow up|get a life|get over (?:yourself|it)|(?:act|behave) like an? (?:adult|grown[- ]?up|parent)|be an adult for once|man up|cry me a river|boo[- ]?hoo|poor (?:you|baby|thing)|the world doesn't revolve around you)\b` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`\b(?:whatever you say|whatever floats your boat|if you say so|sure,? jan|k,? whatever|fine,? whatever|yeah,? whatever|ok,? whatever|okay,? whatever)\b|(?:^|[.!?]\s*)whatever\s*(?:[.!?,]|$)` },
  { pattern: 'contempt', weight: 0.55, source: String.raw`(?:🙄|😒|🤦|🙃|eye ?roll|\*rolls eyes\*|rolls eyes|rolling my eyes|\bsmh\b|👏\s*👏)` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`\b(?:(?:heaven|god) forbid (?:you|u)|don't strain yourself|don't hurt yourself|look who (?:finally )?(?:decided|remembered|showed|woke|bothered)|nice of you to (?:finally|show|grace|bother|remember|let me know)|of you to (?:finally|actually|bother|remember|grace)|so glad you could (?:finally )?(?:join|make it|bother))` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`\b(?:real mature|very mature|so mature|how mature|how original|how adult|how responsible|so responsible of you|real responsible|very responsible of you)\b` },
  { pattern: 'contempt', weight: 0.55, source: String.raw`\b(?:do|did) (?:you|u) even (?:care|know|listen|read|think|try|remember|look)\b|\bare (?:you|u) even (?:capable|able|listening|trying|paying attention)\b|\bwho (?:raised|taught) (?:you|u)\b` },
  { pattern: 'contempt', weight: 0.55, source: String.raw`(?:^|[,.!?;:]\s*)(?:genius|einstein|sherlock|champ|your majesty|your highness|mr\.? perfect|mrs\.? perfect|miss perfect|super ?mom|super ?dad)\s*(?:[.,!?]|$)|\b(?:okay|ok|thanks|sure|right),? (?:genius|einstein|sherlock|mr\.? perfect|super ?mom|super ?dad)\b` },
  { pattern: 'contempt', weight: 0.75, source: String.raw`\b(?:shut up|shut your (?:mouth|face|trap)|drop dead|go to hell|get lost|go (?:fuck|screw) yourself|screw you|f (?:you|off)|eff (?:you|off)|go away|leave me alone|bite me|get bent|piss off)\b` },
  { pattern: 'contempt', weight: 0.5, source: String.raw`\b(?:i'm|im|i am) (?:so )?(?:sick|tired) (?:and tired )?of (?:you|your|this|dealing|hearing|having)\b|\bsick and tired\b` },
  { pattern: 'contempt', weight: 0.45, source: String.raw`\b(?:another (?:excuse|lie|sob story)|what(?:'s| is) (?:the|your) excuse this time|spare me the (?:excuses|drama|lecture|sob story)|save (?:it|your excuses|the drama))\b` },
  { pattern: 'contempt', weight: 0.5, source: String.raw`\b(?:i'm|im|i am) sure (?:you|u) (?:were|are|did|had|have|will)\b[^.?!]{0,30}(?:\*|\bso\b|\breally\b|\bsuper\b|\bterribly\b)` },
  { pattern: 'contempt', weight: 0.45, source: String.raw`\*(?:so|such|very|really|totally|super|busy|sorry|important|hard|tough|exhausting)\*` },
  { pattern: 'contempt', weight: 0.35, source: String.raw`(?:^|[,.!?]\s*)(?:sweetheart|sweetie|honey|darling|buddy|pal|princess|dear)\s*(?:[.,!?]|$)` },
  { pattern: 'contempt', weight: 0.3, source: String.raw`\b(?:lol|lmao|haha+)\b` },
  // Praise that is not: "Thanks for showing up on time for once", "Great, another Friday you can't make".
  { pattern: 'contempt', weight: 0.6, source: String.raw`^(?:thanks|thank you|nice|great|good job|well done|wow)\b[^.?!]{0,60}\b(?:for once|for a change|at last|finally)\b` },
  { pattern: 'contempt', weight: 0.6, source: String.raw`^(?:great|wonderful|perfect|fantastic|brilliant|lovely|awesome|terrific|nice|super)[,!.]+ (?:another|again|so)\b[^.?!]{0,50}\b(?:can't|cannot|won't|couldn't|didn't|forgot|missed|late|never)\b` },
]);
