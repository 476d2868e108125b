/**
 * Word lists that tell a person's name apart from a capitalised word that
 * merely starts a sentence. A capitalised word in mid-sentence is taken to be
 * a name or a place; one that starts a sentence only when it is a common
 * first name (or is followed by "'s"), because "Seriously." and "Pathetic."
 * are not facts a rewrite has to keep.
 */

/** Common first names of children and adults in English-speaking families. */
export const COMMON_FIRST_NAMES: ReadonlySet<string> = new Set(
  `Emma Olivia Ava Sophia Isabella Mia Amelia Harper Evelyn Abigail Emily Ella Elizabeth Camila Luna Sofia Avery Mila Aria
  Scarlett Penelope Layla Chloe Victoria Madison Eleanor Grace Nora Riley Zoey Hannah Hazel Lily Ellie Violet Lillian Zoe
  Stella Aurora Natalie Emilia Everly Leah Aubrey Willow Addison Lucy Audrey Bella Nova Brooklyn Paisley Savannah Claire
  Skylar Isla Genesis Naomi Elena Caroline Eliana Anna Maya Valentina Ruby Kennedy Ivy Ariana Aaliyah Cora Madelyn Alice
  Kinsley Hailey Gabriella Allison Gianna Serenity Samantha Sarah Autumn Quinn Eva Piper Sophie Sadie Delilah Josephine
  Nevaeh Adeline Arya Emery Lydia Clara Vivian Madeline Peyton Julia Rylee Brielle Reagan Natalia Jade Athena Maria
  Leilani Everleigh Liliana Melanie Mackenzie Hadley Raelynn Kaylee Rose Arianna Isabelle Molly Katie Megan Jessica
  Jennifer Ashley Amanda Lauren Rachel Rebecca Nicole Stephanie Heather Michelle Amy Kelly Laura Lisa Karen Angela Kim
  Liam Noah Oliver Elijah James William Benjamin Lucas Henry Theodore Jack Levi Alexander Jackson Mateo Daniel Michael
  Mason Sebastian Ethan Logan Owen Samuel Jacob Asher Aiden John Joseph Wyatt David Leo Luke Julian Hudson Grayson
  Matthew Ezra Gabriel Carter Isaac Jayden Luca Anthony Dylan Lincoln Thomas Maverick Elias Josiah Charles Caleb
  Christopher Ezekiel Miles Jaxon Isaiah Andrew Joshua Nathan Nolan Adrian Cameron Santiago Eli Aaron Ryan Angel Cooper
  Waylon Easton Kai Christian Landon Colton Roman Axel Brooks Jonathan Robert Jameson Ian Everett Greyson Wesley Jeremiah
  Hunter Leonardo Jordan Jose Bennett Silas Nicholas Parker Beau Weston Austin Connor Carson Dominic Xavier Jaxson Jace
  Emmett Adam Declan Rowan Micah Kayden Gael Damian Braxton Ryder Harrison Sawyer Max Tyler Kevin Brian Jason Justin
  Eric Steven Mark Paul Scott Greg Jeff Chris Mike Matt Dave Tom Ben Sam Alex Jamie Taylor Morgan Casey Jesse Drew Pat
  Sean Shawn Derek Travis Kyle Brandon Zach Zachary Josh Nick Tony Rick Dan Joe Jim Bob Bill Steve Carlos Luis Juan
  Diego Marco Priya Aisha Fatima Omar Yusuf Ali Hiro Mei Wei Chen Arjun Rohan Nina Tessa Maddie Abby Izzy Lexi Gracie
  Noelle Jenna Carly Becca Tara Erin Kate Katherine Kathy Sue Susan Linda Mary Patricia Barbara Nancy Donna Carol
  Ruth Helen Joan Diane Julie Kristen Dana Robin Leslie Shannon Tracy Wendy Holly Melissa Monica Vanessa Andrea
  Marcus Malik Andre Jamal Darius Tyrone DeShawn Trevor Spencer Riley Finn Felix Oscar Hugo Jasper Milo Theo Ollie Archie`
    .split(/\s+/)
    .filter((name) => name.length > 0),
);

/** Titles that make the next capitalised word a name even at a sentence start. */
export const NAME_TITLES: ReadonlySet<string> = new Set([
  'Dr',
  'Mr',
  'Mrs',
  'Ms',
  'Miss',
  'Coach',
  'Aunt',
  'Uncle',
  'Grandma',
  'Grandpa',
  'Nana',
  'Papa',
  'Pastor',
  'Officer',
  'Judge',
  'Principal',
  'Nurse',
  'Auntie',
  'Granny',
  'Gramps',
  'Professor',
  'Mx',
]);

/** Capitalised words that are never a fact, wherever they stand. */
export const NEVER_A_NAME: ReadonlySet<string> = new Set([
  'I',
  "I'm",
  "I'll",
  "I've",
  "I'd",
  'Im',
  'Ill',
  'Ive',
  'OK',
  'Ok',
  'Okay',
  'Mom',
  'Dad',
  'Mommy',
  'Daddy',
  'Mum',
  'God',
  'Jesus',
  'Lord',
  'Christ',
  'Hi',
  'Hey',
  'Hello',
  'Thanks',
  'Thank',
  'Please',
  'Sorry',
  'Yes',
  'No',
  'Yeah',
  'Nope',
  'Sure',
  'Fine',
  'Wow',
  'Oh',
  'Ugh',
  'Lol',
  'Re',
  'Sent',
  'PS',
]);

/** Words capitalised only because they open a sentence ("Tell Emma…", "Can Noah…"). */
export const SENTENCE_STARTERS: ReadonlySet<string> = new Set(
  `The This That These Those You Your Yours We Our She He They Their Her His It Its Can Could Would Will Should Shall May
  Might Must Please Just So And But Or If When Whenever What Why How Where Who Which Is Are Was Were Do Does Did Don't Let
  Tell Ask Make Send Pick Drop Remember Also Again Seriously Really Maybe Since After Before Every Next Last My Here There
  Not Never Always Of Because As Typical Whatever Unbelievable Pathetic Nice Great Good Thanks Thank Sorry Hope Glad Happy
  Congrats Congratulations Reminder Quick Update Heads FYI Just Another Yet Still Even Only Tomorrow Today Tonight Yesterday
  Going Gonna Need Want Have Has Had Get Got Give Take Bring Call Text Email Check See Look Keep Stop Try Use Go Come
  Wow Oh Ugh Hey Hi Hello Dear Okay Ok Fine Sure Yes No Yeah Nope Sounds Works Perfect Love Loved All Any Some Both Each
  Note Btw Also Then Once Until Til Till With Without For From To In On At By About Over Under Around Between Did Does
  Now Well Actually Apparently Honestly Luckily Unfortunately Hopefully Instead Otherwise Meanwhile Anyway However
  Whose Whoever Everyone Everybody Nobody Someone Somebody Nothing Something Everything Yours Mine Ours Good Bad
  Told Asked Said Sent Gave Took Made Brought Called Texted Emailed Forgot Missed Paid Booked Signed Cancelled Canceled
  Moved Changed Ofc Lovely Brilliant Funny Imagine Grow Hear Treat Book Pay Sign Put Fix Find Write Wait Listen Cheers`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);
