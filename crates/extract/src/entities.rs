//! Entities: states, organisations and systems from the gazetteer; people
//! recognised from context (titles, appositions, speech verbs) with the role
//! the text gives them; later mentions by family name resolved within the
//! document.

use crate::gazetteer::{CountryForm, Gazetteer, Kind};
use crate::text::{tokens, Token};
use dossier_model::{Entity, EntityKind, Span};
use once_cell::sync::Lazy;
use std::collections::HashSet;

/// What a mention refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Referent {
    /// A state, by ISO3; `form` tells how it was named.
    Country { iso3: String, form: CountryForm },
    Organization { id: String, name: String, category: String, country: Option<String> },
    System { canonical: String },
    /// Index into [`Entities::people`].
    Person(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub referent: Referent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub role: Option<String>,
    /// The family name: the last word of the name.
    pub family: String,
    pub mentions: Vec<Span>,
}

#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// Every mention, sorted by start, non-overlapping.
    pub mentions: Vec<Mention>,
    pub people: Vec<Person>,
}

impl Entities {
    // Mentions are sorted by start and do not overlap, so their ends are
    // sorted too: lookups are binary searches, not scans of the document.

    /// The mention that starts at `start`.
    pub fn at(&self, start: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.start < start);
        self.mentions.get(i).filter(|m| m.start == start)
    }
    /// The mentions inside `span`.
    pub fn within(&self, span: Span) -> impl DoubleEndedIterator<Item = &Mention> {
        self.starting_in(span.start, span.end).iter().filter(move |m| m.end <= span.end)
    }
    /// The mentions that start in `lo..hi`.
    pub fn starting_in(&self, lo: usize, hi: usize) -> &[Mention] {
        let a = self.mentions.partition_point(|m| m.start < lo);
        let b = self.mentions.partition_point(|m| m.start < hi).max(a);
        &self.mentions[a..b]
    }
    /// The mentions that end at or before `end`, in text order.
    pub fn ending_by(&self, end: usize) -> &[Mention] {
        &self.mentions[..self.mentions.partition_point(|m| m.end <= end)]
    }
    /// The mention that covers `start..end`, if any.
    pub fn covering(&self, start: usize, end: usize) -> Option<&Mention> {
        let i = self.mentions.partition_point(|m| m.start <= start);
        i.checked_sub(1).map(|i| &self.mentions[i]).filter(|m| end <= m.end)
    }
    pub fn person_at(&self, start: usize, end: usize) -> Option<usize> {
        self.covering(start, end).and_then(|m| match m.referent {
            Referent::Person(i) => Some(i),
            _ => None,
        })
    }
}

/// Words that name a role or title; before a name they introduce it, after
/// a comma they describe it.
pub static ROLE_WORDS: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    [
        "spokesman", "spokeswoman", "spokesperson", "minister", "president", "premier", "chancellor", "director",
        "director-general", "ceo", "chief", "head", "chairman", "chairwoman", "chair", "senator", "sen.", "ambassador",
        "official", "officials", "secretary", "commander", "general", "gen.", "admiral", "adm.", "colonel", "col.",
        "lieutenant", "lt.", "major", "maj.", "captain", "capt.", "deputy", "adviser", "advisor", "aide", "analyst",
        "expert", "envoy", "representative", "rep.", "governor", "mayor", "lawmaker", "mp", "congressman",
        "congresswoman", "king", "prince", "emir", "sheikh", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.",
        "prof.", "professor", "founder", "executive", "manager", "vice", "undersecretary", "under-secretary",
        "attaché", "attache", "researcher", "fellow", "correspondent", "editor", "leader", "member", "diplomat",
        "negotiator", "officer", "marshal", "sultan", "crown", "press", "counsel", "coordinator", "principal",
        "counterpart",
    ]
    .into_iter()
    .collect()
});

/// Titles that may stand before a single family name ("President Erdogan").
static TITLES: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    [
        "President", "Minister", "Premier", "Chancellor", "Senator", "Sen.", "Ambassador", "General", "Gen.", "Admiral",
        "Adm.", "Colonel", "Col.", "Lt.", "Major", "Maj.", "Captain", "Capt.", "Governor", "Gov.", "Mayor", "King",
        "Prince", "Emir", "Sheikh", "Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Dr", "Dr.", "Prof.", "Professor",
        "Secretary", "Representative", "Rep.", "Congressman", "Congresswoman", "Marshal", "Sultan", "Director",
        "Spokesman", "Spokeswoman", "Commander", "Chairman", "CEO",
    ]
    .into_iter()
    .collect()
});

/// Capitalised words that never start or belong to a person's name.
static NOT_NAME: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    [
        "The", "A", "An", "In", "On", "At", "By", "For", "From", "To", "Of", "And", "But", "Or", "If", "As", "With",
        "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "You", "His", "Her", "Their",
        "Our", "My", "Your", "There", "Here", "When", "While", "After", "Before", "Since", "Until", "According",
        "However", "Meanwhile", "Earlier", "Later", "Last", "Next", "Monday", "Tuesday", "Wednesday", "Thursday",
        "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
        "Ministry", "Department", "Defence", "Defense", "Foreign", "Affairs", "Agency", "Corporation", "Service",
        "Committee", "Council", "Forces", "Force", "Army", "Navy", "Air", "Armed", "State", "States", "National",
        "Federal", "Republic", "Kingdom", "Union", "United", "News", "Times", "Post", "Press", "Daily", "Group",
        "Company", "Industries", "Systems", "System", "Missile", "Missiles", "Fighter", "Program", "Programme", "Law",
        "Act", "Treaty", "Deal", "Contract", "Agreement", "NATO", "EU", "UN", "US", "U.S.", "UK", "So", "Also",
        "Yet", "Still", "Now", "Then", "Thus", "Therefore", "Moreover", "Furthermore", "Both", "Each", "All", "Any",
        "Some", "Such", "Other", "Another", "Several", "Many", "Most", "No", "Not", "Only", "Even", "Just", "What",
        "Which", "Who", "Whom", "Whose", "Why", "How", "Where", "Do", "Does", "Did", "Is", "Are", "Was", "Were",
        "Be", "Has", "Have", "Had", "Will", "Would", "Can", "Could", "Should", "Must", "Shall", "Might", "Photo",
        "Image", "Source", "Sources", "Read", "Based", "Due", "Despite", "During", "Under", "Over", "Among", "Between",
        "Within", "Without", "Through", "Against", "Into", "Onto", "Upon", "Ukraine", "Black", "Sea", "West",
        "Western", "East", "Eastern", "North", "South", "Northern", "Southern", "Central", "Middle", "Fourth",
        "First", "Second", "Third", "Fifth", "New", "Old", "Great", "Greek", "Turkish", "Russian", "American",
        "Indian", "Chinese", "European", "Islamic", "World", "Administration", "Government", "Parliament", "Congress", "Senate", "House", "White", "Kremlin", "Pentagon",
        "Department", "Office", "Presidential", "Prime", "Deputy", "Vice", "Chief", "Head", "General", "Director",
        "Republican", "Democrat", "Democratic", "Conservative", "Liberal", "Labour", "Party", "TV", "Channel",
        "Technical", "Military", "Cooperation", "Technology", "Technologies", "Aerospace", "Defence", "Dynamics",
        "Lightning", "Stealth", "Fifth-generation", "Triumph", "Triumf", "Patriot",
        // Words that end the names of companies and institutions, not of people.
        "Electronics", "Aviation", "Aeronautics", "Shipbuilding", "Shipyard", "Shipyards", "Holdings", "Holding",
        "Solutions", "Arms", "Airlines", "Airways", "Motors", "Machinery", "Engineering", "Works", "Institute",
        "University", "Bank", "Foundation", "Center", "Centre", "Association", "Organisation", "Organization",
        "Bureau", "Network", "Media", "Radio", "Television", "Communications", "Instruments", "Heavy", "Marine",
        "Naval", "Space", "Research", "Labs", "Laboratories", "Inc", "Ltd", "Corp", "Plc", "Agency", "Forum",
        "Exhibition", "Airshow", "Summit", "Conference", "Ministry", "Presidency", "Directorate", "Command",
        "Guard", "Police", "Intelligence", "Academy", "Review", "Journal", "Gazette", "Herald", "Tribune",
    ]
    .into_iter()
    .collect()
});

/// Names of heads of state and government that news uses alone; they are
/// people, not states, when they speak.
static SINGLE_NAMES: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    ["Putin", "Erdogan", "Erdoğan", "Trump", "Biden", "Obama", "Modi", "Xi", "Macron", "Zelensky", "Zelenskyy", "Scholz", "Netanyahu", "Lavrov", "Shoigu", "Austin", "Blinken", "Peskov", "Akar"]
        .into_iter()
        .collect()
});

fn is_name_word(t: &Token) -> bool {
    let s = t.text;
    // Arabic family names with their article: "al-Rashid", "el-Sayed".
    if let Some(rest) = s.strip_prefix("al-").or_else(|| s.strip_prefix("el-")).or_else(|| s.strip_prefix("Al-")).or_else(|| s.strip_prefix("El-")) {
        return rest.chars().next().is_some_and(|c| c.is_uppercase()) && rest.chars().all(|c| c.is_alphabetic() || c == '-');
    }
    let first = s.chars().next().unwrap_or(' ');
    if !first.is_uppercase() || NOT_NAME.contains(s) || TITLES.contains(s) || ROLE_WORDS.contains(s.to_lowercase().as_str()) {
        return false;
    }
    // Acronyms and designations are not names ("NATO", "S-400", "F-35").
    if s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    true
}

fn is_initial(t: &Token) -> bool {
    let s = t.text;
    s.len() == 2 && s.ends_with('.') && s.chars().next().is_some_and(|c| c.is_uppercase())
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("'s").or_else(|| s.strip_suffix("’s")).unwrap_or(s)
}

/// Speech verbs that mark the words next to them as a speaker.
pub const SPEECH_VERBS: &[&str] = &[
    "said", "says", "say", "told", "tells", "noted", "notes", "added", "adds", "stated", "states", "stressed",
    "stresses", "emphasized", "emphasised", "assured", "assures", "warned", "warns", "confirmed", "confirms", "denied",
    "denies", "explained", "explains", "insisted", "insists", "claimed", "claims", "argued", "argues", "declared",
    "declares", "remarked", "commented", "comments", "replied", "responded", "wrote", "writes", "announced",
    "announces", "pointed", "underlined", "underscored", "observed", "recalled", "concluded", "reiterated",
    "asserted", "maintained", "acknowledged", "admitted", "revealed", "disclosed", "informed", "continued",
    "specified", "clarified", "estimated", "believes", "believed", "suggested", "hinted", "cautioned", "reported",
];

/// A speech verb as written mid-sentence: lower case ("States" is not "states").
pub fn is_speech_verb(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_lowercase()) && SPEECH_VERBS.contains(&word)
}

/// Finds every entity mention in `text`.
pub fn find(text: &str, gazetteer: &Gazetteer, sentences: &[crate::text::Sentence]) -> Entities {
    let mut ents = Entities::default();
    let hits = gazetteer.find(text);
    // Spans already taken: the gazetteer's hits, and the people found.
    let mut taken = crate::text::SpanIndex::default();
    let mut taken_people = crate::text::SpanIndex::default();
    for h in &hits {
        // A given name that is also a weapon's or a firm's ("Dana"), or,
        // after a title, a place's ("Defence Minister Israel Katz").
        let first_name = match h.entry.kind {
            Kind::System { .. } | Kind::Organization { .. } => is_first_name(text, h.start, h.end, false),
            Kind::Country { .. } => is_first_name(text, h.start, h.end, true),
        };
        if first_name {
            continue;
        }
        // "the US dollar", "in Russian roubles": a currency names no party.
        if matches!(h.entry.kind, Kind::Country { .. }) && currency_follows(&text[h.end..]) {
            taken.push(Span::new(h.start, h.end));
            continue;
        }
        let referent = match &h.entry.kind {
            Kind::Country { iso3, form } => Referent::Country { iso3: iso3.clone(), form: *form },
            Kind::Organization { id, name, category, country } => Referent::Organization {
                id: id.clone(),
                name: name.clone(),
                category: category.clone(),
                country: country.clone(),
            },
            Kind::System { canonical, .. } => Referent::System { canonical: canonical.clone() },
        };
        ents.mentions.push(Mention { start: h.start, end: h.end, referent });
        taken.push(Span::new(h.start, h.end));
    }

    // People, sentence by sentence.
    for s in sentences {
        let toks = tokens(text, s.span());
        let mut i = 0;
        while i < toks.len() {
            let overlaps = |a: usize, b: usize| taken.overlaps(a, b) || taken_people.overlaps(a, b);
            if !is_name_word(&toks[i]) || overlaps(toks[i].start, toks[i].end) {
                i += 1;
                continue;
            }
            // The longest run of name words and initials.
            let mut j = i + 1;
            while j < toks.len() && (is_name_word(&toks[j]) || is_initial(&toks[j]) || is_particle(&toks, j)) && !overlaps(toks[j].start, toks[j].end) {
                j += 1;
                if j - i >= 4 {
                    break;
                }
            }
            while j > i + 1 && is_particle(&toks, j - 1) {
                j -= 1;
            }
            let run = &toks[i..j];
            let start = run[0].start;
            let end = run[run.len() - 1].end;
            let raw_name = &text[start..end];
            let name = strip_possessive(raw_name).to_string();
            let end_name = start + name.len();
            let n_words = run.len();

            let title_before = i > 0 && TITLES.contains(toks[i - 1].text);
            let role_before = role_before(&toks, i);
            let role_after = role_after(text, &toks, j);
            let speech_near = verb_follows(&toks, j)
                || (i > 0 && is_speech_verb(toks[i - 1].text))
                // "According to John Smith, …"
                || (i > 1 && toks[i - 1].text == "to" && toks[i - 2].text.eq_ignore_ascii_case("according"))
                // "Interfax quoted John Smith as saying"
                || (i > 0 && matches!(toks[i - 1].text, "quoted" | "cited" | "quotes" | "cites") && toks.get(j).is_some_and(|t| t.text == "as") && toks.get(j + 1).is_some_and(|t| matches!(t.text, "saying" | "stating")))
                || (i > 1 && toks[i - 1].text == "," && is_speech_verb(toks[i - 2].text))
                // "Hakan Yücel, who advises the president, said"
                || (toks.get(j).is_some_and(|t| t.text == ",") && toks.get(j + 1).is_some_and(|t| t.text == "who"))
                // "the head of the agency, Michael Brandt, said": a name in apposition.
                || (i > 0 && toks[i - 1].text == "," && toks.get(j).is_some_and(|t| t.text == ",") && toks.get(j + 1).is_some_and(|t| is_speech_verb(t.text)));
            // A later mention by one word of the name: the family name ("Peskov"),
            // which comes first in Korean and Chinese names ("Kang" for "Kang Hyun-woo").
            let known = ents.people.iter().position(|p| p.name == name || (n_words == 1 && p.family == name)).or_else(|| {
                (n_words == 1).then(|| ents.people.iter().position(|p| p.name.split_whitespace().any(|w| w == name))).flatten()
            });

            let is_person = match (n_words, known) {
                (_, Some(_)) => true,
                (1, None) => title_before || (SINGLE_NAMES.contains(name.as_str()) && speech_near),
                (_, None) => {
                    (role_before.is_some() || role_after.is_some() || speech_near || title_before)
                        && n_words <= 4
                        && !run.iter().any(|t| t.text.ends_with('.') && t.text.len() > 2)
                }
            };
            if !is_person {
                i = j;
                continue;
            }
            let idx = match known {
                Some(k) => k,
                None => {
                    let family = name.split_whitespace().last().unwrap_or(&name).to_string();
                    ents.people.push(Person { name: name.clone(), role: None, family, mentions: vec![] });
                    ents.people.len() - 1
                }
            };
            let p = &mut ents.people[idx];
            if p.role.is_none() {
                p.role = role_before.or(role_after);
            }
            p.mentions.push(Span::new(start, end_name));
            ents.mentions.push(Mention { start, end: end_name, referent: Referent::Person(idx) });
            taken_people.push(Span::new(start, end_name));
            i = j;
        }
    }
    ents.mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    // Drop any overlap left (a person inside an organisation name, etc.).
    let mut kept: Vec<Mention> = Vec::with_capacity(ents.mentions.len());
    for m in ents.mentions.drain(..) {
        if kept.last().is_some_and(|k| m.start < k.end) {
            continue;
        }
        kept.push(m);
    }
    ents.mentions = kept;
    ents
}

/// Is the word at `start..end` a given name that happens to name a weapon
/// ("vice president Dana Whitcomb")? A title before it and a capitalised word
/// after it say it is a person's.
/// Whether a currency's name follows at once ("US dollar", "Indian rupees").
fn currency_follows(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ').or_else(|| after.strip_prefix('-')) else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    matches!(
        word.as_str(),
        "dollar" | "dollars" | "rouble" | "roubles" | "ruble" | "rubles" | "rupee" | "rupees" | "yuan" | "renminbi" | "yen" | "euro" | "euros" | "pound" | "pounds"
            | "lira" | "riyal" | "riyals" | "rial" | "rials" | "dirham" | "dirhams" | "shekel" | "shekels" | "franc" | "francs" | "krona" | "kronor" | "krone" | "kroner" | "zloty"
            | "zlotys" | "ringgit" | "rupiah" | "peso" | "pesos" | "dinar" | "dinars" | "taka" | "hryvnia" | "hryvnias" | "currency"
    )
}

fn is_first_name(text: &str, start: usize, end: usize, titled_only: bool) -> bool {
    let word = &text[start..end];
    if !word.chars().all(|c| c.is_alphabetic()) || !word.chars().next().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    let before = text[..start].trim_end();
    let prev = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let titled = TITLES.contains(prev) || ROLE_WORDS.contains(prev.to_lowercase().as_str());
    let mut after = text[end..].strip_prefix(' ').unwrap_or("").split(|c: char| c.is_whitespace() || c == ',');
    let next = after.next().unwrap_or("");
    let named = next.chars().next().is_some_and(|c| c.is_uppercase()) && next.chars().skip(1).any(|c| c.is_lowercase());
    // "Rafael Ortega said": a given name and a family name before a speech verb.
    let speaks = after.next().is_some_and(is_speech_verb);
    named && (titled || speaks && !titled_only)
}

/// Is a speech verb next after a name, with at most a few adverbs or
/// auxiliaries between ("Zavarzin reportedly said", "X was quoted as saying")?
fn verb_follows(toks: &[Token], j: usize) -> bool {
    let mut k = j;
    while k < toks.len() && k < j + 3 {
        let t = toks[k].text;
        if is_speech_verb(t) || t == "quoted" {
            return true;
        }
        if !matches!(
            t,
            "also" | "later" | "then" | "further" | "previously" | "earlier" | "repeatedly" | "again" | "recently" | "reportedly"
                | "has" | "had" | "have" | "was" | "once" | "publicly" | "separately" | "immediately" | "on" | "Monday" | "Tuesday"
                | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday"
        ) {
            return false;
        }
        k += 1;
    }
    false
}

fn is_particle(toks: &[Token], j: usize) -> bool {
    matches!(toks[j].text, "bin" | "ibn" | "al" | "al-" | "de" | "van" | "von" | "der" | "da" | "di" | "el" | "le" | "du")
        && toks.get(j + 1).is_some_and(|t| t.is_capitalized())
}

/// "Presidential spokesman", "Rostec CEO", "head of the Rostec State Corporation",
/// "Rosoboronexport General Director": role words right before the name, or
/// before a comma that opens an apposition ("the head of X, Dmitry Shugayev,").
fn role_before(toks: &[Token], i: usize) -> Option<String> {
    if i == 0 {
        return None;
    }
    let mut end = i;
    if toks[i - 1].text == "," {
        end = i - 1;
    }
    let mut k = end;
    let mut leftmost_role = None;
    while k > 0 && end - k < 12 {
        let t = &toks[k - 1];
        let lower = t.text.to_lowercase();
        let role = ROLE_WORDS.contains(lower.as_str());
        let joins = matches!(lower.as_str(), "of" | "the" | "for" | "and" | "at" | "to");
        let modifier = (t.is_capitalized() && !matches!(t.text, "The" | "A" | "An" | "In" | "On" | "At" | "By" | "As" | "When" | "While"))
            || lower.ends_with("'s")
            || lower.ends_with("’s")
            || matches!(
                lower.as_str(),
                "defence" | "defense" | "foreign" | "military" | "presidential" | "general" | "executive" | "deputy" | "senior"
                    | "former" | "state" | "press" | "prime" | "cooperation" | "service" | "technical" | "federal" | "national"
                    | "affairs" | "department" | "ministry" | "armed" | "forces" | "industry" | "industries" | "security" | "top"
                    | "army" | "navy" | "naval" | "air" | "force" | "coast" | "guard" | "intelligence" | "police" | "border"
                    | "procurement" | "acquisition" | "company" | "group" | "vice" | "assistant" | "acting" | "retired"
                    | "government" | "foreign-policy" | "defense-industry" | "defence-industry"
            );
        if role {
            leftmost_role = Some(k - 1);
        } else if !(joins || modifier) {
            break;
        }
        k -= 1;
    }
    let mut r = leftmost_role?;
    // Take modifiers right before the leftmost role word ("Presidential spokesman", "Rostec CEO").
    while r > k && {
        let t = &toks[r - 1];
        let lower = t.text.to_lowercase();
        !matches!(lower.as_str(), "of" | "the" | "for" | "and" | "at") && t.text != ","
    } {
        r -= 1;
    }
    if end == i - 1 && !toks.get(i + 2).is_some_and(|t| matches!(t.text, "," | "said" | "told")) && !toks[i..].iter().take(4).any(|t| t.text == ",") {
        // "…, Name" without a closing comma is a list, not an apposition.
        return None;
    }
    let mut words: Vec<&str> = toks[r..end].iter().map(|t| t.text).collect();
    // A rank written short ends the role but is not the role: "Indian Army chief Gen.".
    while words.len() > 1 && words.last().is_some_and(|w| w.ends_with('.') && TITLES.contains(w)) {
        words.pop();
    }
    while words.first().is_some_and(|w| matches!(*w, "to" | "and" | "of" | "at" | "for")) {
        words.remove(0);
    }
    if words.is_empty() {
        return None;
    }
    Some(words.join(" "))
}

/// ", CEO of Rosoboronexport," or ", director of the Fourth European Department of ...":
/// an apposition after the name that starts with a role word.
fn role_after(text: &str, toks: &[Token], j: usize) -> Option<String> {
    if toks.get(j)?.text != "," {
        return None;
    }
    let mut k = j + 1;
    while k < toks.len() && matches!(toks[k].text, "the" | "a" | "an" | "The") {
        k += 1;
    }
    let first = toks.get(k)?;
    // ", who consults with administration officials,": a relative clause, not a title.
    if matches!(first.text, "who" | "whose" | "whom" | "which" | "speaking" | "asking" | "declining" | "requesting") {
        return None;
    }
    let mut role_idx = None;
    for (n, t) in toks[k..].iter().take(5).enumerate() {
        if ROLE_WORDS.contains(t.text.to_lowercase().as_str()) {
            role_idx = Some(k + n);
            break;
        }
        if !(t.is_capitalized() || t.text.ends_with("'s") || t.text.ends_with("’s") || t.text.chars().all(|c| c.is_lowercase())) {
            return None;
        }
    }
    role_idx?;
    let start = first.start;
    let mut end = first.end;
    for t in &toks[k..] {
        if matches!(t.text, "," | "." | ";" | ":" | "(" | "\"" | "“" | "”") || is_speech_verb(t.text) {
            break;
        }
        end = t.end;
    }
    Some(text[start..end].to_string())
}

/// The exported entities: one per referent, with all its mentions.
pub fn export(ents: &Entities, gazetteer: &Gazetteer) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut push = |id: String, name: String, kind: EntityKind, role: Option<String>, span: Span| {
        match out.iter_mut().find(|e| e.id == id) {
            Some(e) => e.mentions.push(span),
            None => out.push(Entity { id, name, kind, role, mentions: vec![span] }),
        }
    };
    for m in &ents.mentions {
        let span = Span::new(m.start, m.end);
        match &m.referent {
            Referent::Country { iso3, .. } => push(
                format!("country:{iso3}"),
                gazetteer.country_name(iso3).unwrap_or(iso3).to_string(),
                EntityKind::Country,
                None,
                span,
            ),
            Referent::Organization { id, name, .. } => push(format!("org:{id}"), name.clone(), EntityKind::Organization, None, span),
            Referent::System { canonical } => push(format!("system:{canonical}"), canonical.clone(), EntityKind::System, None, span),
            Referent::Person(i) => {
                let p = &ents.people[*i];
                // "C. B. Rao" is "c-b-rao"; a lower-case "İ" loses its combining dot.
                let lower: String = p.name.to_lowercase().chars().filter(|c| *c != '.' && *c != '\u{307}').collect();
                let slug: String = lower.split_whitespace().collect::<Vec<_>>().join("-");
                push(format!("person:{slug}"), p.name.clone(), EntityKind::Person, p.role.clone(), span)
            }
        }
    }
    out
}
