//! Amounts: money, counts of items, distances, altitudes and durations,
//! normalised to base units.
//!
//! The text is cut once into words, numbers and symbols (with whether
//! whitespace comes before each). Every place a number can start (digits, a
//! number word, a currency sign or code) is read by a small grammar: number,
//! scale words, an optional range, then what follows decides the kind
//! (currency, length unit, time unit, or a countable noun phrase). What comes
//! before decides the qualifier ("more than", "up to") and whether a length is
//! an altitude. Numbers that belong to something else (years, dates, times of
//! day, percentages, ordinals, designations such as `S-400` or `Type 054A`)
//! are stepped over whole, so their digits are never read again.

use dossier_model::{Amount, AmountKind};
use once_cell::sync::Lazy;
use std::collections::HashSet;

/// Finds every amount in `text`, in text order, with byte offsets.
pub fn find_amounts(text: &str) -> Vec<Amount> {
    let scan = Scan { text, toks: tokenize(text), lower: std::cell::OnceCell::new() };
    let mut out = Vec::new();
    let mut i = 0;
    while i < scan.toks.len() {
        match scan.at(i) {
            Step::Found(amount, next) => {
                out.push(amount);
                i = next.max(i + 1);
            }
            Step::Skip(next) => i = next.max(i + 1),
        }
    }
    scan.elided_currencies(&mut out);
    out
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Word,
    Num,
    Sym,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Whitespace (or the start of the text) comes before this token.
    space: bool,
    /// A line break comes before this token.
    newline: bool,
}

/// Cuts text into maximal alphabetic runs, digit runs (with inner `,` and
/// `.` between digits) and single other characters. Offsets are always on
/// char boundaries.
fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks = Vec::new();
    let (mut space, mut newline) = (true, false);
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            space = true;
            newline |= matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
            continue;
        }
        let (kind, end) = if c.is_ascii_digit() {
            let mut end = i + 1;
            while end < bytes.len() {
                let b = bytes[end];
                if b.is_ascii_digit() {
                    end += 1;
                } else if (b == b'.' || b == b',') && end + 1 < bytes.len() && bytes[end + 1].is_ascii_digit() {
                    end += 2;
                } else {
                    break;
                }
            }
            (Kind::Num, end)
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            (Kind::Word, end)
        } else {
            (Kind::Sym, i + c.len_utf8())
        };
        while let Some(&(j, _)) = it.peek() {
            if j >= end {
                break;
            }
            it.next();
        }
        toks.push(Tok { kind, start: i, end, space, newline });
        space = false;
        newline = false;
    }
    toks
}

/// A decimal number held exactly as `mant * 10^exp`, so that `5.43 billion`
/// is `543 * 10^7` and not a product of two rounded floats.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Val {
    mant: f64,
    exp: i32,
}

impl Val {
    fn int(v: u64) -> Val {
        Val { mant: v as f64, exp: 0 }
    }
    fn get(self) -> f64 {
        if self.exp >= 0 {
            self.mant * 10f64.powi(self.exp)
        } else {
            self.mant / 10f64.powi(-self.exp)
        }
    }
}

/// Reads `1,250,000`, `5.43`, `40,000`; refuses `1,5`, `1.2.3` and
/// identifiers too long to be quantities.
fn parse_digits(s: &str) -> Option<Val> {
    let (int, frac) = match s.split_once('.') {
        Some((a, b)) => (a, b),
        None => (s, ""),
    };
    if frac.contains(['.', ',']) {
        return None;
    }
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return None;
        }
    }
    let digits: String = int.chars().filter(|c| *c != ',').chain(frac.chars()).collect();
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mant: u64 = digits.parse().ok()?;
    Some(Val { mant: mant as f64, exp: -(frac.len() as i32) })
}

// ---------------------------------------------------------------------------
// Word lists: the closed classes of the grammar.

fn set(words: &[&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

/// A small count in digits or words: `6`, `six`, `twelve`, `forty`.
pub(crate) fn small_count(word: &str) -> Option<f64> {
    let l = word.to_ascii_lowercase();
    if !l.is_empty() && l.len() <= 4 && l.bytes().all(|b| b.is_ascii_digit()) {
        return l.parse::<f64>().ok();
    }
    units_word(&l).or_else(|| teen_word(&l)).or_else(|| tens_word(&l)).map(|n| n as f64)
}

fn units_word(l: &str) -> Option<u64> {
    Some(match l {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        _ => return None,
    })
}

fn teen_word(l: &str) -> Option<u64> {
    Some(match l {
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

fn tens_word(l: &str) -> Option<u64> {
    Some(match l {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// Powers of ten named by scale words. Single letters count only glued to
/// the number (`£300m`, `50k`); `m` and `b` only for money, since `300m`
/// alone is a length.
fn scale_word(w: &str, glued: bool, money: bool) -> Option<i32> {
    let l = w.to_lowercase();
    Some(match l.as_str() {
        "thousand" => 3,
        "million" => 6,
        "billion" => 9,
        "trillion" => 12,
        "bn" | "bln" => 9,
        "mn" | "mln" | "mio" => 6,
        "tn" | "trn" | "tln" => 12,
        "crore" | "crores" => 7,
        "lakh" | "lakhs" | "lac" | "lacs" => 5,
        "cr" if money => 7,
        "k" if glued => 3,
        "m" | "b" if glued && money => {
            if l == "m" {
                6
            } else {
                9
            }
        }
        _ => return None,
    })
}

/// ISO 4217 codes we accept written before or after a number.
static ISO_CODES: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "USD", "EUR", "GBP", "JPY", "CNY", "INR", "KRW", "RUB", "TRY", "PLN", "ILS", "AED", "SAR", "AUD", "CAD", "CHF",
        "SEK", "NOK", "DKK", "BRL", "ZAR", "EGP", "PKR", "QAR", "KWD", "MXN", "SGD", "HKD", "TWD", "NZD", "IDR", "MYR",
        "THB", "UAH", "KZT", "IRR", "OMR", "BDT", "NGN", "PHP", "VND", "CZK", "HUF", "RON", "BHD", "JOD", "IQD", "DZD",
        "MAD", "LKR", "BYN", "ARS", "CLP", "COP",
    ])
});

fn iso_code(w: &str) -> Option<&'static str> {
    match w {
        "RMB" => Some("CNY"),
        "NIS" => Some("ILS"),
        _ => ISO_CODES.get(w).copied(),
    }
}

/// Currency nouns: the family (singular) and the code when the noun alone is
/// clear enough ("rupees" is INR unless another country is named).
fn currency_noun(w: &str) -> Option<(&'static str, Option<&'static str>)> {
    if w == "won" {
        return Some(("won", Some("KRW")));
    }
    let l = w.to_lowercase();
    Some(match l.as_str() {
        "dollar" | "dollars" => ("dollar", Some("USD")),
        "euro" | "euros" => ("euro", Some("EUR")),
        "pound" | "pounds" => ("pound", Some("GBP")),
        "sterling" => ("pound", Some("GBP")),
        "yen" => ("yen", Some("JPY")),
        "yuan" | "renminbi" => ("yuan", Some("CNY")),
        "ruble" | "rubles" | "rouble" | "roubles" => ("ruble", Some("RUB")),
        "rupee" | "rupees" => ("rupee", Some("INR")),
        "lira" | "liras" | "lire" => ("lira", Some("TRY")),
        "zloty" | "zlotys" | "złoty" | "złotys" | "zlotych" | "złotych" => ("zloty", Some("PLN")),
        "shekel" | "shekels" | "sheqel" | "sheqalim" => ("shekel", Some("ILS")),
        "dirham" | "dirhams" => ("dirham", Some("AED")),
        "riyal" | "riyals" => ("riyal", Some("SAR")),
        "rial" | "rials" => ("rial", None),
        "dinar" | "dinars" => ("dinar", None),
        "peso" | "pesos" => ("peso", None),
        "franc" | "francs" => ("franc", Some("CHF")),
        "krona" | "kronor" => ("krona", Some("SEK")),
        "krone" | "kroner" => ("krone", None),
        // Norway's, Sweden's, Denmark's and the Czech Republic's in English
        // ("10 billion Norwegian crowns").
        "crown" | "crowns" => ("crown", None),
        "koruna" | "korun" | "korunas" => ("koruna", Some("CZK")),
        "rand" => ("rand", Some("ZAR")),
        "reais" => ("real", Some("BRL")),
        "real" => ("real", None),
        "ringgit" => ("ringgit", Some("MYR")),
        "baht" => ("baht", Some("THB")),
        "rupiah" => ("rupiah", Some("IDR")),
        "naira" => ("naira", Some("NGN")),
        "taka" => ("taka", Some("BDT")),
        "hryvnia" | "hryvnias" | "hryvnias'" => ("hryvnia", Some("UAH")),
        "tenge" => ("tenge", Some("KZT")),
        _ => return None,
    })
}

/// A country adjective before a currency noun picks the code.
fn currency_adjective(adj: &str, family: &str) -> Option<&'static str> {
    Some(match (adj, family) {
        ("us" | "u.s." | "american", "dollar") => "USD",
        ("australian", "dollar") => "AUD",
        ("canadian", "dollar") => "CAD",
        ("new zealand", "dollar") => "NZD",
        ("hong kong", "dollar") => "HKD",
        ("singapore" | "singaporean", "dollar") => "SGD",
        ("taiwan" | "taiwanese" | "new taiwan", "dollar") => "TWD",
        ("indian", "rupee") => "INR",
        ("pakistani", "rupee") => "PKR",
        ("sri lankan", "rupee") => "LKR",
        ("nepalese" | "nepali", "rupee") => "NPR",
        ("british", "pound") => "GBP",
        ("egyptian", "pound") => "EGP",
        ("kuwaiti", "dinar") => "KWD",
        ("iraqi", "dinar") => "IQD",
        ("algerian", "dinar") => "DZD",
        ("jordanian", "dinar") => "JOD",
        ("bahraini", "dinar") => "BHD",
        ("serbian", "dinar") => "RSD",
        ("saudi", "riyal") => "SAR",
        ("qatari", "riyal") => "QAR",
        ("iranian", "rial") => "IRR",
        ("omani", "rial") => "OMR",
        ("uae" | "emirati", "dirham") => "AED",
        ("moroccan", "dirham") => "MAD",
        ("mexican", "peso") => "MXN",
        ("philippine", "peso") => "PHP",
        ("colombian", "peso") => "COP",
        ("argentine" | "argentinian", "peso") => "ARS",
        ("chilean", "peso") => "CLP",
        ("swiss", "franc") => "CHF",
        ("swedish", "krona") => "SEK",
        ("norwegian", "krone") => "NOK",
        ("danish", "krone") => "DKK",
        ("norwegian", "crown") => "NOK",
        ("swedish", "crown") => "SEK",
        ("danish", "crown") => "DKK",
        ("czech", "crown" | "koruna") => "CZK",
        ("south korean" | "korean", "won") => "KRW",
        ("north korean", "won") => "KPW",
        ("chinese", "yuan") => "CNY",
        ("japanese", "yen") => "JPY",
        ("russian", "ruble") => "RUB",
        ("belarusian", "ruble") => "BYN",
        ("turkish", "lira") => "TRY",
        ("polish", "zloty") => "PLN",
        ("israeli" | "new israeli" | "new", "shekel") => "ILS",
        ("brazilian", "real") => "BRL",
        ("south african", "rand") => "ZAR",
        ("malaysian", "ringgit") => "MYR",
        ("thai", "baht") => "THB",
        ("indonesian", "rupiah") => "IDR",
        ("nigerian", "naira") => "NGN",
        ("ukrainian", "hryvnia") => "UAH",
        ("kazakh", "tenge") => "KZT",
        _ => return None,
    })
}

/// Currency signs written before the number.
fn currency_sign(s: &str) -> Option<&'static str> {
    Some(match s {
        "$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        "¥" | "￥" => "JPY",
        "₹" => "INR",
        "₩" => "KRW",
        "₽" => "RUB",
        "₪" => "ILS",
        "₺" => "TRY",
        "₦" => "NGN",
        "₱" => "PHP",
        "₴" => "UAH",
        _ => return None,
    })
}

/// Letters glued before `$` that name another dollar (`A$`, `HK$`).
fn dollar_prefix(w: &str) -> Option<&'static str> {
    Some(match w {
        "US" | "U" => "USD",
        "A" | "AU" | "AUD" => "AUD",
        "C" | "CA" | "CAN" => "CAD",
        "NZ" => "NZD",
        "HK" => "HKD",
        "S" | "SG" => "SGD",
        "NT" => "TWD",
        "R" => "BRL",
        _ => return None,
    })
}

/// Length units in km.
fn length_unit(w: &str) -> Option<f64> {
    if w == "m" {
        return Some(0.001);
    }
    let l = w.to_lowercase();
    Some(match l.as_str() {
        "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => 1.0,
        "mile" | "miles" | "mi" => 1.609344,
        "nmi" => 1.852,
        "metre" | "metres" | "meter" | "meters" => 0.001,
        "ft" | "feet" | "foot" => 0.0003048,
        _ => return None,
    })
}

/// Time units, by their singular name.
fn time_unit(w: &str) -> Option<&'static str> {
    let l = w.to_lowercase();
    Some(match l.as_str() {
        "year" | "years" | "yr" | "yrs" => "year",
        "month" | "months" => "month",
        "week" | "weeks" => "week",
        "day" | "days" => "day",
        "hour" | "hours" | "hrs" => "hour",
        "minute" | "minutes" => "minute",
        "decade" | "decades" => "decade",
        _ => return None,
    })
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

fn is_month(w: &str) -> bool {
    MONTHS.contains(&w)
}

/// Words that, right before a number, make it a name or a reference rather
/// than a quantity: `Project 636`, `page 12`, `Block 70`.
static DESIGNATORS: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "type",
        "project",
        "block",
        "batch",
        "tranche",
        "mark",
        "mk",
        "model",
        "series",
        "phase",
        "lot",
        "version",
        "increment",
        "class",
        "no",
        "nos",
        "number",
        "article",
        "art",
        "section",
        "sec",
        "chapter",
        "page",
        "p",
        "pp",
        "para",
        "paragraph",
        "resolution",
        "route",
        "highway",
        "platform",
        "gate",
        "room",
        "level",
        "tier",
        "stage",
        "item",
        "annex",
        "figure",
        "fig",
        "table",
        "vol",
        "volume",
        "issue",
        "rule",
        "act",
        "exercise",
        "pillar",
        "building",
        "hangar",
        "pier",
        "berth",
        "runway",
        "line",
        "division",
        "brigade",
        "regiment",
        "squadron",
        "battalion",
        "corps",
        "wing",
        "unit",
        "grid",
        "sector",
        "zone",
        "code",
        "flight",
        "channel",
        "term",
        "bill",
        "order",
        "decree",
        "law",
        "clause",
        "schedule",
        "paragraphs",
        "pages",
        "articles",
        "sections",
    ])
});

/// Words that end a noun phrase after a number: a noun cannot be behind them.
static STOP: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "but",
        "nor",
        "to",
        "in",
        "into",
        "on",
        "onto",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "as",
        "than",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "while",
        "this",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "there",
        "here",
        "he",
        "she",
        "his",
        "her",
        "we",
        "us",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "not",
        "no",
        "so",
        "if",
        "then",
        "per",
        "each",
        "every",
        "via",
        "over",
        "under",
        "about",
        "around",
        "after",
        "before",
        "between",
        "during",
        "until",
        "since",
        "within",
        "across",
        "against",
        "among",
        "along",
        "also",
        "only",
        "just",
        "still",
        "even",
        "already",
        "yet",
        "out",
        "up",
        "down",
        "off",
        "away",
        "back",
        "said",
        "says",
        "say",
        "told",
        "tells",
        "includes",
        "include",
        "including",
        "remains",
        "means",
        "seems",
        "comes",
        "goes",
        "makes",
        "takes",
        "gets",
        "becomes",
        "costs",
        "percent",
        "pc",
        "pct",
        "cent",
        "times",
        "others",
        "ones",
        "hundreds",
        "thousands",
        "millions",
        "billions",
        "trillions",
        "dozens",
        "tens",
        "scores",
        "lakhs",
        "crores",
        "cents",
        "tonnes",
        "tons",
        "kilograms",
        "kgs",
        "kg",
        "lbs",
        "lb",
        "pounds",
        "pound",
        "tonne",
        "ton",
        "grams",
        "degrees",
        "knots",
        "litres",
        "liters",
        "gallons",
        "mph",
        "kph",
        "plus",
        "less",
        "thus",
        "unless",
        "whereas",
        "besides",
        "always",
        "perhaps",
        "sometimes",
        "towards",
        "afterwards",
        "news",
        "series",
        "species",
        "yes",
        "this",
        "what",
        "why",
        "how",
        "all",
        "both",
        "either",
        "neither",
        "any",
        "some",
        "such",
        "via",
        "vs",
        "versus",
        "etc",
        "apiece",
        "each",
        "altogether",
        "respectively",
        "annually",
        "overall",
        "ago",
        "later",
        "earlier",
        "old",
        "aboard",
        "abroad",
        "worth",
        "valued",
        "whose",
        "were",
        "nations'",
    ])
});

/// Plural nouns that do not end in `s`, with their singular.
fn invariant_plural(l: &str) -> Option<&'static str> {
    Some(match l {
        "aircraft" => "aircraft",
        "spacecraft" => "spacecraft",
        "hovercraft" => "hovercraft",
        "personnel" => "personnel",
        "people" => "person",
        "men" => "man",
        "women" => "woman",
        "children" => "child",
        "servicemen" => "serviceman",
        "crewmen" => "crewman",
        "police" => "police",
        "cattle" => "cattle",
        _ => return None,
    })
}

/// Adjectives that do not show themselves by their ending.
static ADJECTIVES: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "new",
        "more",
        "other",
        "extra",
        "old",
        "older",
        "modern",
        "latest",
        "heavy",
        "light",
        "medium",
        "large",
        "small",
        "big",
        "key",
        "major",
        "minor",
        "long",
        "short",
        "high",
        "low",
        "fresh",
        "same",
        "several",
        "many",
        "few",
        "total",
        "last",
        "next",
        "first",
        "surplus",
        "spare",
        "mobile",
        "own",
        "various",
        "different",
        "remaining",
        "existing",
        "upcoming",
        "following",
        "foreign",
        "local",
        "top",
        "twin",
        "single",
        "nuclear",
        "fast",
        "further",
        "second",
        "third",
        "former",
        "current",
        "future",
        "present",
        "recent",
        "young",
        "senior",
        "junior",
        "best",
        "better",
        "worse",
        "worst",
        "entire",
        "whole",
        "full",
        "separate",
        "similar",
        "certain",
        "outstanding",
        "pending",
        "multirole",
        "stealth",
        "smart",
        "key",
        "unmanned",
        "manned",
        "next",
    ])
});

fn is_adjective(l: &str) -> bool {
    if ADJECTIVES.contains(l) {
        return true;
    }
    let n = l.chars().count();
    n > 4
        && ["al", "ic", "ed", "ive", "ous", "ful", "able", "ible", "ary", "less", "ly", "ish", "ese"]
            .iter()
            .any(|suffix| l.ends_with(suffix))
}

/// Plural-looking words that are not plural nouns.
static NOT_PLURAL: Lazy<HashSet<&'static str>> = Lazy::new(|| {
    set(&[
        "gas",
        "bias",
        "atlas",
        "alias",
        "as",
        "has",
        "was",
        "is",
        "this",
        "his",
        "hers",
        "its",
        "ours",
        "yours",
        "theirs",
        "us",
        "thus",
        "plus",
        "less",
        "unless",
        "whereas",
        "besides",
        "always",
        "perhaps",
        "sometimes",
        "towards",
        "afterwards",
        "news",
        "series",
        "species",
        "yes",
        "chassis",
        "lens",
        "means",
        "mathematics",
        "arms",
        "physics",
        "politics",
        "economics",
        "whereabouts",
        "headquarters",
        "overseas",
        "nevertheless",
        "does",
        "goes",
        "says",
        "tells",
        "includes",
        "remains",
        "seems",
        "comes",
        "makes",
        "takes",
        "gets",
        "becomes",
        "costs",
    ])
});

fn is_plural(l: &str) -> bool {
    if invariant_plural(l).is_some() {
        return true;
    }
    if STOP.contains(l) || NOT_PLURAL.contains(l) {
        return false;
    }
    l.len() >= 3
        && l.ends_with('s')
        && !l.ends_with("ss")
        && !l.ends_with("us")
        && !l.ends_with("is")
        && l.chars().all(|c| c.is_alphabetic())
}

/// The singular of a plural noun (`batteries` -> `battery`).
fn singular(l: &str) -> String {
    if let Some(s) = invariant_plural(l) {
        return s.to_string();
    }
    let stem = |n: usize| l[..l.len() - n].to_string();
    if l.ends_with("ies") && l.len() > 4 {
        return stem(3) + "y";
    }
    if l.ends_with("sses")
        || l.ends_with("ches")
        || l.ends_with("shes")
        || l.ends_with("xes")
        || l.ends_with("zzes")
        || l.ends_with("oes")
    {
        return stem(2);
    }
    if l.ends_with('s') {
        return stem(1);
    }
    l.to_string()
}

// ---------------------------------------------------------------------------
// The scanner

enum Step {
    Found(Amount, usize),
    Skip(usize),
}

/// A number as read: tokens `start..end`, its value with scale applied, and
/// the upper bound when it is a range.
#[derive(Clone, Copy, Debug)]
struct NumPhrase {
    start: usize,
    end: usize,
    val: Val,
    scale_exp: i32,
    scaled: bool,
    plus: bool,
    max: Option<Val>,
    word: bool,
}

struct Scan<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    /// The text in lower case, made once if a currency needs its context.
    lower: std::cell::OnceCell<String>,
}

impl<'a> Scan<'a> {
    /// The code of a currency noun that several states use ("crowns",
    /// "dinars"), from the one such state the text names ("The Czech
    /// Republic … 150 billion crowns"); none when it names none or several.
    fn context_code(&self, family: &str) -> Option<&'static str> {
        let states: &[(&str, &'static str)] = match family {
            "crown" => &[("czech", "CZK"), ("norw", "NOK"), ("swed", "SEK"), ("danish", "DKK"), ("denmark", "DKK")],
            "krone" => &[("norw", "NOK"), ("danish", "DKK"), ("denmark", "DKK")],
            "dinar" => &[("alger", "DZD"), ("kuwait", "KWD"), ("iraq", "IQD"), ("jordan", "JOD"), ("bahrain", "BHD"), ("serbia", "RSD")],
            "peso" => &[("mexic", "MXN"), ("philippin", "PHP"), ("colombia", "COP"), ("argentin", "ARS"), ("chile", "CLP")],
            "rial" => &[("iran", "IRR"), ("oman", "OMR")],
            "dirham" => &[("morocc", "MAD"), ("emirat", "AED"), ("uae", "AED"), ("abu dhabi", "AED"), ("dubai", "AED")],
            _ => return None,
        };
        let low = self.lower.get_or_init(|| self.text.to_lowercase());
        // At the start of a word: "Oman", not "Romania" or "woman".
        let named = |w: &str| low.match_indices(w).any(|(i, _)| !low[..i].chars().next_back().is_some_and(char::is_alphanumeric));
        let mut found = states.iter().filter(|(w, _)| named(w)).map(|&(_, c)| c);
        let first = found.next()?;
        found.all(|c| c == first).then_some(first)
    }

    fn n(&self) -> usize {
        self.toks.len()
    }
    fn s(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => &self.text[t.start..t.end],
            None => "",
        }
    }
    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }
    fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Word)
    }
    fn is_num(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Num)
    }
    fn is_sym(&self, i: usize, s: &str) -> bool {
        self.kind(i) == Some(Kind::Sym) && self.s(i) == s
    }
    fn is_dash(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Sym) && matches!(self.s(i), "-" | "‐" | "‑" | "–" | "—")
    }
    /// Token `i` exists and has whitespace before it.
    fn spaced(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.space)
    }
    /// Token `i` exists and is glued to the token before it.
    fn glued(&self, i: usize) -> bool {
        i > 0 && self.toks.get(i).is_some_and(|t| !t.space)
    }
    /// The lower-cased word at `i`, if it is a word.
    fn lower(&self, i: usize) -> Option<String> {
        if self.is_word(i) {
            Some(self.s(i).to_lowercase())
        } else {
            None
        }
    }
    fn lower_is(&self, i: usize, words: &[&str]) -> bool {
        self.lower(i).is_some_and(|l| words.contains(&l.as_str()))
    }
    fn capitalised(&self, i: usize) -> bool {
        self.is_word(i) && self.s(i).chars().next().is_some_and(|c| c.is_uppercase())
    }
    /// Whether the word at `i` opens a sentence, line or quotation.
    fn sentence_start(&self, i: usize) -> bool {
        if i == 0 || self.toks[i].newline {
            return true;
        }
        self.kind(i - 1) == Some(Kind::Sym)
            && matches!(
                self.s(i - 1),
                "." | "!"
                    | "?"
                    | ":"
                    | ";"
                    | "\""
                    | "“"
                    | "”"
                    | "'"
                    | "‘"
                    | "’"
                    | "("
                    | "["
                    | "—"
                    | "–"
                    | "-"
                    | "•"
                    | "|"
            )
    }

    /// The end of the glued group of words and numbers joined by hyphens
    /// that starts at `i` (`S-400`, `Su-30MKI`, `2A7`).
    fn group_end(&self, i: usize) -> usize {
        let mut j = i;
        while j + 1 < self.n() && self.glued(j + 1) {
            match self.toks[j + 1].kind {
                Kind::Word | Kind::Num => j += 1,
                Kind::Sym if self.is_dash(j + 1) && self.glued(j + 2) && self.kind(j + 2) != Some(Kind::Sym) => j += 2,
                // Variants joined by a slash: `Block 70/72`, `F/A-18`.
                Kind::Sym if self.s(j + 1) == "/" && self.glued(j + 2) && self.kind(j + 2) != Some(Kind::Sym) && self.kind(j) == self.kind(j + 2) => j += 2,
                // A designation's closing plus: `Leopard 2A7+`.
                Kind::Sym if self.s(j + 1) == "+" && !self.glued(j + 2) && (i..=j).any(|t| self.is_word(t)) => {
                    j += 1;
                    break;
                }
                _ => break,
            }
        }
        j + 1
    }

    fn at(&self, i: usize) -> Step {
        if let Some((code, j)) = self.currency_prefix(i) {
            if let Some(step) = self.money_after_prefix(i, code, j) {
                return step;
            }
        }
        self.number_at(i).unwrap_or(Step::Skip(i + 1))
    }

    // --- numbers ---------------------------------------------------------

    /// Number words: `five`, `twenty-four`, `two hundred and fifty`,
    /// `a dozen`, `two dozen`, `a hundred`, `a` before a scale word.
    fn parse_word_number(&self, i: usize) -> Option<(Val, usize)> {
        let l = self.lower(i)?;
        let small = |k: usize| -> Option<(u64, usize)> {
            let w = self.lower(k)?;
            if let Some(v) = units_word(&w).or_else(|| teen_word(&w)) {
                return Some((v, k + 1));
            }
            let t = tens_word(&w)?;
            if self.is_dash(k + 1) && self.glued(k + 1) && self.glued(k + 2) {
                if let Some(u) = self.lower(k + 2).as_deref().and_then(units_word) {
                    return Some((t + u, k + 3));
                }
            }
            if self.spaced(k + 1) {
                if let Some(u) = self.lower(k + 1).as_deref().and_then(units_word) {
                    return Some((t + u, k + 2));
                }
            }
            Some((t, k + 1))
        };
        let (mut v, mut j) = match l.as_str() {
            "a" | "an" => {
                if !self.spaced(i + 1) {
                    return None;
                }
                match self.lower(i + 1)?.as_str() {
                    "hundred" => (100, i + 2),
                    "dozen" => (12, i + 2),
                    "thousand" | "million" | "billion" | "trillion" | "lakh" | "crore" => (1, i + 1),
                    _ => return None,
                }
            }
            "half" => {
                if self.lower_is(i + 1, &["a"]) && self.lower_is(i + 2, &["dozen"]) {
                    (6, i + 3)
                } else {
                    return None;
                }
            }
            _ => small(i)?,
        };
        if self.spaced(j) && self.lower_is(j, &["hundred"]) {
            v *= 100;
            j += 1;
            let k = if self.lower_is(j, &["and"]) { j + 1 } else { j };
            if self.spaced(k) {
                if let Some((w, e)) = small(k) {
                    v += w;
                    j = e;
                }
            }
        }
        if self.spaced(j) && self.lower_is(j, &["dozen"]) {
            v *= 12;
            j += 1;
        }
        Some((Val::int(v), j))
    }

    /// Scale words after a number: `billion`, `bn`, glued `m`, `-billion`,
    /// and Indian stacks such as `lakh crore`.
    fn parse_scales(&self, np: &mut NumPhrase, money: bool) {
        for _ in 0..2 {
            let j = np.end;
            let (w, end) = if self.is_word(j) {
                (j, j + 1)
            } else if self.is_dash(j) && self.glued(j) && self.is_word(j + 1) && self.glued(j + 1) {
                (j + 1, j + 2)
            } else {
                break;
            };
            let glued = w == j && self.glued(j);
            let word = self.s(w);
            // Letters glued to the number: `m` and `b` are money scales only
            // when money is in view, before or after.
            let money_here =
                money || (glued && matches!(word, "m" | "M" | "b" | "B") && self.currency_suffix(end).is_some());
            match scale_word(word, glued, money_here) {
                Some(e) => {
                    // Letter scales glued to a number are followed by nothing glued.
                    if glued && word.chars().count() == 1 && self.glued(end) && self.is_word(end) {
                        break;
                    }
                    np.val.exp += e;
                    np.scale_exp += e;
                    np.scaled = true;
                    np.end = end;
                }
                None => break,
            }
        }
    }

    /// `192+`, `200-plus`.
    fn parse_plus(&self, np: &mut NumPhrase) {
        let j = np.end;
        if self.is_sym(j, "+") && self.glued(j) {
            np.plus = true;
            np.end = j + 1;
        } else if self.is_dash(j) && self.glued(j) && self.lower_is(j + 1, &["plus"]) && self.glued(j + 1) {
            np.plus = true;
            np.end = j + 2;
        }
    }

    /// `18-19`, `20 to 30`, `between 20 and 30`, `$1-2 billion`,
    /// `$1 billion to $2 billion`.
    fn parse_range(&self, np: &mut NumPhrase, money: bool, phrase_start: usize) {
        let j = np.end;
        let connector = self.is_dash(j)
            || (self.spaced(j) && self.lower_is(j, &["to"]))
            || (self.spaced(j)
                && self.lower_is(j, &["and"])
                && phrase_start > 0
                && self.lower_is(phrase_start - 1, &["between"]));
        if !connector {
            return;
        }
        let mut k = j + 1;
        if money {
            if let Some((_, after)) = self.currency_prefix(k) {
                k = after;
            }
        }
        let (v2, e2) = if self.is_num(k) && !np.word {
            match parse_digits(self.s(k)) {
                Some(v) => (v, k + 1),
                None => return,
            }
        } else if np.word && self.is_word(k) {
            match self.parse_word_number(k) {
                Some(x) => x,
                None => return,
            }
        } else {
            return;
        };
        // A second number glued to letters is a designation, not a bound.
        if self.is_num(k) && self.glued(k + 1) && self.is_word(k + 1) && self.is_designation_suffix(k + 1) {
            return;
        }
        let mut second = NumPhrase {
            start: k,
            end: e2,
            val: v2,
            scale_exp: 0,
            scaled: false,
            plus: false,
            max: None,
            word: np.word,
        };
        self.parse_scales(&mut second, money);
        let mut first = np.val;
        if !np.scaled && second.scaled {
            first.exp += second.scale_exp;
        }
        if second.val.get() > first.get() {
            np.val = first;
            np.max = Some(second.val);
            np.end = second.end;
            np.scaled |= second.scaled;
        }
    }

    /// Whether letters glued after a number make it a designation
    /// (`054A`, `30MKI`) rather than a number with a unit or scale.
    fn is_designation_suffix(&self, w: usize) -> bool {
        let word = self.s(w);
        let l = word.to_lowercase();
        !(scale_word(word, true, true).is_some()
            || length_unit(word).is_some()
            || time_unit(word).is_some()
            || matches!(l.as_str(), "st" | "nd" | "rd" | "th" | "s" | "am" | "pm" | "h")
            || currency_noun(word).is_some()
            || iso_code(word).is_some()
            || word == "zł")
    }

    /// Where a digit token belongs to something that is not an amount,
    /// returns the token to go on from.
    fn digit_context_skip(&self, i: usize) -> Option<usize> {
        let s = self.s(i);
        // Glued to what comes before: `K2`, `S-400`, `Army-2021`, `12/07`.
        if self.glued(i) {
            match self.kind(i - 1) {
                Some(Kind::Word) => return Some(self.group_end(i)),
                Some(Kind::Sym) => {
                    let p = self.s(i - 1);
                    if self.is_dash(i - 1) && i >= 2 && self.glued(i - 1) && self.is_word(i - 2) {
                        return Some(self.group_end(i));
                    }
                    if matches!(p, "/" | ":" | "#" | "№" | "." | "_" | "@" | "\\") {
                        return Some(self.group_end(i));
                    }
                }
                _ => {}
            }
        }
        // Glued to what follows.
        if self.glued(i + 1) {
            match self.kind(i + 1) {
                Some(Kind::Word) => {
                    let l = self.s(i + 1).to_lowercase();
                    if matches!(l.as_str(), "st" | "nd" | "rd" | "th" | "s" | "am" | "pm" | "h") {
                        return Some(i + 2);
                    }
                    if self.is_designation_suffix(i + 1) {
                        return Some(self.group_end(i));
                    }
                }
                Some(Kind::Sym) => {
                    let nx = self.s(i + 1);
                    if matches!(nx, "/" | ":" | "." | "_" | "@") && self.glued(i + 2) && self.is_num(i + 2) {
                        let mut e = i + 3;
                        while self.glued(e)
                            && (self.is_num(e) || matches!(self.s(e), "/" | ":" | "."))
                            && self.kind(e) != Some(Kind::Word)
                        {
                            if self.s(e) == "." && !self.is_num(e + 1) {
                                break;
                            }
                            e += 1;
                        }
                        return Some(e);
                    }
                    if matches!(nx, "'" | "’") && self.lower_is(i + 2, &["s"]) && self.glued(i + 2) {
                        return Some(i + 3);
                    }
                    if nx == "%" {
                        return Some(i + 2);
                    }
                }
                _ => {}
            }
        }
        // A reference word before: `Project 636`, `page 12`, `No. 5`.
        let prev_word = if self.spaced(i) && i > 0 && self.is_word(i - 1) {
            Some(i - 1)
        } else if i >= 2 && self.is_sym(i - 1, ".") && self.is_word(i - 2) && self.glued(i - 1) {
            Some(i - 2)
        } else {
            None
        };
        if let Some(p) = prev_word {
            // `version 450 km` still measures something; `version 450` names it.
            let measured = self.spaced(i + 1)
                && self.is_word(i + 1)
                && (length_unit(self.s(i + 1)).is_some() || time_unit(self.s(i + 1)).is_some());
            // "will order 820 tanks", "plans to order 30 jets": the verb, not "Order 820".
            let verb = self.lower(p).is_some_and(|l| l == "order")
                && p > 0
                && self.lower(p - 1).is_some_and(|l| matches!(l.as_str(), "to" | "will" | "would" | "could" | "shall" | "may" | "might" | "should" | "must" | "also" | "then" | "soon" | "later"));
            if !measured && !verb && self.lower(p).is_some_and(|l| DESIGNATORS.contains(l.as_str())) {
                return Some(self.group_end(i));
            }
        }
        // Years, and year ranges `2018-19`, unless a length or currency follows.
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            let y: u32 = s.parse().unwrap_or(0);
            if (1900..=2099).contains(&y) {
                let measured = self.is_word(i + 1)
                    && self.spaced(i + 1)
                    && (length_unit(self.s(i + 1)).is_some() || self.lower_is(i + 1, &["nautical"]))
                    || self.currency_suffix(i + 1).is_some();
                if !measured {
                    let mut e = i + 1;
                    if (self.is_dash(e) || self.is_sym(e, "/")) && self.is_num(e + 1) && self.s(e + 1).len() <= 4 {
                        e += 2;
                    }
                    return Some(e);
                }
            }
        }
        let small_int = s.len() <= 2
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
        // Dates: `12 July 2019`, `17 of July`, `July 17`.
        if small_int {
            let m = if self.lower_is(i + 1, &["of"]) { i + 2 } else { i + 1 };
            if self.spaced(m) && is_month(self.s(m)) {
                let mut e = m + 1;
                if self.is_sym(e, ".") && self.glued(e) {
                    e += 1;
                }
                if self.is_sym(e, ",") {
                    e += 1;
                }
                if self.is_num(e) && self.s(e).len() == 4 {
                    e += 1;
                }
                return Some(e);
            }
            let p = if i >= 2 && self.is_sym(i - 1, ".") && self.glued(i - 1) { i - 2 } else { i.wrapping_sub(1) };
            if i > 0 && self.spaced(i) && is_month(self.s(p)) && self.is_word(p) {
                let mut e = i + 1;
                if self.is_sym(e, ",") && self.is_num(e + 1) && self.s(e + 1).len() == 4 {
                    e += 2;
                }
                return Some(e);
            }
        }
        // Times of day: `10 am`, `10 a.m.`, `1400 GMT`.
        if self.spaced(i + 1) {
            if let Some(w) = self.lower(i + 1) {
                if matches!(
                    w.as_str(),
                    "am" | "pm" | "gmt" | "utc" | "hrs" | "ist" | "cet" | "est" | "edt" | "bst" | "o"
                ) || (matches!(w.as_str(), "a" | "p") && self.is_sym(i + 2, ".") && self.lower_is(i + 3, &["m"]))
                {
                    return Some(i + 2);
                }
            }
        }
        None
    }

    fn number_at(&self, i: usize) -> Option<Step> {
        let (val, end, word) = match self.kind(i)? {
            Kind::Num => {
                if let Some(skip) = self.digit_context_skip(i) {
                    return Some(Step::Skip(skip));
                }
                let v = parse_digits(self.s(i))?;
                (v, i + 1, false)
            }
            Kind::Word => {
                // A number word glued into a compound (`Project-One`, the
                // `one` of `twenty-one` read already) does not start here.
                if self.glued(i) && (self.is_dash(i - 1) || self.kind(i - 1) != Some(Kind::Sym)) {
                    return None;
                }
                let (v, e) = self.parse_word_number(i)?;
                (v, e, true)
            }
            Kind::Sym => return None,
        };
        let mut np = NumPhrase { start: i, end, val, scale_exp: 0, scaled: false, plus: false, max: None, word };
        self.parse_scales(&mut np, false);
        self.parse_plus(&mut np);
        if !np.plus {
            self.parse_range(&mut np, false, i);
        }
        if let Some((code, e)) = self.currency_suffix(np.end) {
            np.end = e;
            return Some(self.found(AmountKind::Money, &np, code.to_string(), i, 1.0));
        }
        if self.is_percent(np.end) {
            return Some(Step::Skip(np.end + 1));
        }
        if let Some(step) = self.length_after(&np) {
            return Some(step);
        }
        if let Some(step) = self.duration_after(&np) {
            return Some(step);
        }
        if let Some(step) = self.count_after(&np) {
            return Some(step);
        }
        Some(Step::Skip(np.end))
    }

    fn is_percent(&self, j: usize) -> bool {
        self.is_sym(j, "%")
            || self.lower_is(j, &["percent", "pc", "pct", "percentage", "percentages"])
            || (self.lower_is(j, &["per"]) && self.lower_is(j + 1, &["cent"]))
    }

    // --- money -------------------------------------------------------------

    /// A currency sign or code before a number: `$`, `US$`, `HK$`, `€`,
    /// `Rs`, `Rs.`, `USD`.
    fn currency_prefix(&self, i: usize) -> Option<(&'static str, usize)> {
        let s = self.s(i);
        match self.kind(i)? {
            Kind::Sym => currency_sign(s).map(|c| (c, i + 1)),
            Kind::Word => {
                if self.is_sym(i + 1, "$") && self.glued(i + 1) {
                    return dollar_prefix(s).map(|c| (c, i + 2));
                }
                if s == "Rs" || s == "RS" {
                    let j = if self.is_sym(i + 1, ".") && self.glued(i + 1) { i + 2 } else { i + 1 };
                    return Some(("INR", j));
                }
                // "Dh450 million", "Dhs 2 billion": dirhams, the Emirates'
                // unless the text is Morocco's.
                if matches!(s, "Dh" | "Dhs" | "DH") && self.is_num(i + 1) {
                    return Some((self.context_code("dirham").unwrap_or("AED"), i + 1));
                }
                // A code glued into a word (`XUSD`) is not a code.
                if self.glued(i) && self.kind(i - 1) != Some(Kind::Sym) {
                    return None;
                }
                iso_code(s).map(|c| (c, i + 1))
            }
            Kind::Num => None,
        }
    }

    /// A currency after a number (and its scale): `euros`, `US dollars`,
    /// `U.S. dollars`, `Turkish lira`, `USD`, `zł`, `-dollar`.
    fn currency_suffix(&self, j: usize) -> Option<(&'static str, usize)> {
        let mut k = j;
        if self.is_dash(k) && self.glued(k) && self.is_word(k + 1) && self.glued(k + 1) {
            k += 1;
        } else if !(self.spaced(k) || self.glued(k) && self.is_word(k)) {
            return None;
        }
        let s = self.s(k);
        if self.is_word(k) {
            if let Some(code) = iso_code(s) {
                if !self.glued(k + 1) || !self.is_word(k + 1) {
                    return Some((code, k + 1));
                }
            }
            if s == "zł" || s == "zl" && self.is_sym(k + 1, ".") {
                return Some(("PLN", k + 1));
            }
        }
        if self.is_sym(k, "€") && self.spaced(k) {
            return Some(("EUR", k + 1));
        }
        // Up to two adjective words (or `U.S.`), then the noun.
        let mut adjs: Vec<String> = Vec::new();
        let mut m = k;
        for _ in 0..3 {
            if self.s(m) == "U" && self.is_sym(m + 1, ".") && self.s(m + 2) == "S" && self.is_sym(m + 3, ".") {
                adjs.push("u.s.".to_string());
                m += 4;
                continue;
            }
            if !self.is_word(m) {
                return None;
            }
            let w = self.s(m);
            if let Some((family, default)) = currency_noun(w) {
                // `pounds of explosives` is a weight.
                if family == "pound" && self.lower_is(m + 1, &["of"]) {
                    return None;
                }
                // `real` alone is an adjective far more often than money.
                let code = if adjs.is_empty() { self.context_code(family).or(default) } else { currency_adjective(&adjs.join(" "), family) };
                let code = code?;
                let mut end = m + 1;
                if family == "pound" && self.lower_is(end, &["sterling"]) {
                    end += 1;
                }
                return Some((code, end));
            }
            if m > k && !self.spaced(m) {
                return None;
            }
            adjs.push(w.to_lowercase());
            m += 1;
        }
        None
    }

    fn money_after_prefix(&self, i: usize, code: &'static str, j: usize) -> Option<Step> {
        if !self.is_num(j) {
            return None;
        }
        let val = parse_digits(self.s(j))?;
        // The number must not run on into letters that make it a name.
        if self.glued(j + 1) && self.is_word(j + 1) && self.is_designation_suffix(j + 1) {
            return None;
        }
        let mut np =
            NumPhrase { start: i, end: j + 1, val, scale_exp: 0, scaled: false, plus: false, max: None, word: false };
        self.parse_scales(&mut np, true);
        self.parse_plus(&mut np);
        if !np.plus {
            self.parse_range(&mut np, true, i);
        }
        // A code repeated after (`US$2 billion USD`) belongs to the amount.
        if let Some((_, e)) = self.currency_suffix(np.end) {
            if self.lower(np.end).is_some_and(|l| l.len() == 3) {
                np.end = e;
            }
        }
        Some(self.found(AmountKind::Money, &np, code.to_string(), i, 1.0))
    }

    // --- lengths -------------------------------------------------------

    /// `400 km`, `250 miles`, `30,000 feet`, `200 nautical miles`, `400-km`.
    fn length_after(&self, np: &NumPhrase) -> Option<Step> {
        let mut k = np.end;
        if self.is_dash(k) && self.glued(k) && self.glued(k + 1) {
            k += 1;
        } else if !self.is_word(k) {
            return None;
        }
        let (factor, end, feet) = if self.lower_is(k, &["nautical"]) && self.lower_is(k + 1, &["mile", "miles"]) {
            (1.852, k + 2, false)
        } else {
            let w = self.s(k);
            let f = length_unit(w)?;
            (f, k + 1, f == 0.0003048)
        };
        // Areas (`km²`, `km2`, `square km`) and speeds (`km/h`, `miles per hour`).
        if self.glued(end) && (self.is_sym(end, "²") || self.is_num(end) || self.is_sym(end, "/")) {
            return Some(Step::Skip(end + 1));
        }
        if self.lower_is(end, &["per"]) || (self.lower_is(end, &["an", "a"]) && self.lower_is(end + 1, &["hour"])) {
            return Some(Step::Skip(end));
        }
        let kind = if self.is_altitude(np.start, end, feet) { AmountKind::Altitude } else { AmountKind::Distance };
        let mut np = *np;
        np.end = end;
        Some(self.found(kind, &np, "km".to_string(), np.start, factor))
    }

    /// Altitude when the words before say so (`altitude`, `heights`,
    /// `ceiling`), or after (`35 km high`), or `at 30,000 feet`; a length
    /// introduced by `range`, `distance` or `radius` stays a distance.
    fn is_altitude(&self, start: usize, end: usize, feet: bool) -> bool {
        if self.lower_is(end, &["high", "altitude", "altitudes", "above", "ceiling", "aloft", "elevation"]) {
            return true;
        }
        let mut k = start;
        let mut words = 0;
        while k > 0 && words < 10 {
            if self.toks[k].newline {
                break;
            }
            k -= 1;
            match self.kind(k) {
                Some(Kind::Num) => break,
                Some(Kind::Sym) if matches!(self.s(k), "." | "!" | "?" | ";") => break,
                Some(Kind::Word) => {
                    words += 1;
                    let l = self.s(k).to_lowercase();
                    match l.as_str() {
                        "altitude" | "altitudes" | "height" | "heights" | "ceiling" | "elevation" | "elevations"
                        | "high" | "flight" => return true,
                        "range" | "ranges" | "distance" | "distances" | "radius" | "reach" | "away" | "far" => {
                            return false
                        }
                        "at" if feet && words <= 3 => return true,
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        false
    }

    // --- durations -------------------------------------------------------

    /// `18-19 months`, `three years`, `two-year` (not `45-year-old`).
    fn duration_after(&self, np: &NumPhrase) -> Option<Step> {
        let mut k = np.end;
        if self.is_dash(k) && self.glued(k) && self.glued(k + 1) {
            k += 1;
        } else if !self.spaced(k) && !self.glued(k) {
            return None;
        }
        let unit = time_unit(self.s(k)).filter(|_| self.is_word(k))?;
        let end = k + 1;
        // Ages: `45-year-old`, `45 years old`, `45 years of age`.
        if (self.is_dash(end) && self.lower_is(end + 1, &["old"]))
            || self.lower_is(end, &["old"])
            || (self.lower_is(end, &["of"]) && self.lower_is(end + 1, &["age"]))
        {
            return Some(Step::Skip(end + 2));
        }
        // `one day they may` is an adverb of time, not a span of one day.
        if unit == "day" && self.lower_is(np.start, &["one"]) {
            let bound = np.start > 0
                && self.lower_is(
                    np.start - 1,
                    &[
                        "for", "in", "within", "after", "of", "than", "about", "just", "only", "over", "to", "by",
                        "per", "last", "first",
                    ],
                );
            if !bound {
                return Some(Step::Skip(end));
            }
        }
        let mut np = *np;
        np.end = end;
        Some(self.found(AmountKind::Duration, &np, unit.to_string(), np.start, 1.0))
    }

    // --- counts --------------------------------------------------------

    /// A countable noun phrase after the number: optional modifiers
    /// (proper names `Rafale`, designations `K2`, `S-400`, adjectives,
    /// hyphenated compounds), then a compound noun whose last word is a
    /// plural head: `36 fire units`, `12 F-16 fighter jets`.
    fn count_after(&self, np: &NumPhrase) -> Option<Step> {
        let mut k = np.end;
        let mut compound: Vec<String> = Vec::new();
        let mut modifiers = 0;
        let mut prev_cap = false;
        // "24 additional Lynx KF41 infantry fighting vehicles": an adjective,
        // a two-part name and a three-word noun.
        for _ in 0..7 {
            if !self.spaced(k) || self.toks[k].newline {
                return None;
            }
            let g = self.group_end(k);
            let single_word = g == k + 1 && self.is_word(k);
            if single_word {
                let w = self.s(k);
                let l = w.to_lowercase();
                // "24 of the jets", "six of its aircraft": a part of a set
                // named without its size ("two of the four frigates" leaves
                // the count to "four frigates").
                // "18 more of the guns".
                let more = k == np.end + 1 && self.lower_is(np.end, &["more", "additional", "extra"]);
                if l == "of" && (k == np.end || more) {
                    return self.part_of(np, k);
                }
                if STOP.contains(l.as_str()) || is_month(w) {
                    return None;
                }
                // Money in a currency the text does not pin down ("45
                // billion crowns", "kroner", "dinars") is no count.
                if currency_noun(w).is_some() {
                    return None;
                }
                let cap = self.capitalised(k);
                // A capitalised plural is the head only when no lower-case
                // noun follows it (`36 Rafales`, but not `Patriots batteries`).
                let next_is_noun = self.spaced(k + 1)
                    && self.is_word(k + 1)
                    && !self.capitalised(k + 1)
                    && self.lower(k + 1).is_some_and(|n| is_plural(&n));
                if is_plural(&l) && !(cap && next_is_noun) {
                    if self.designation_before(np, cap) {
                        return None;
                    }
                    let head = singular(&l);
                    if let Some(unit) = time_unit(&head) {
                        let mut np = *np;
                        np.end = k + 1;
                        return Some(self.found(AmountKind::Duration, &np, unit.to_string(), np.start, 1.0));
                    }
                    if length_unit(&l).is_some() {
                        return None;
                    }
                    let keep = compound.len().saturating_sub(2);
                    let mut unit = compound[keep..].join(" ");
                    if !unit.is_empty() {
                        unit.push(' ');
                    }
                    unit.push_str(&head);
                    let mut np = *np;
                    np.end = k + 1;
                    return Some(self.found(AmountKind::Count, &np, unit, np.start, 1.0));
                }
                if cap {
                    compound.clear();
                    modifiers += 1;
                    prev_cap = true;
                } else if is_adjective(&l) {
                    compound.clear();
                    modifiers += 1;
                    prev_cap = false;
                } else {
                    compound.push(l);
                    prev_cap = false;
                }
            } else {
                // Designations and hyphenated modifiers; a bare number only
                // as part of a name (`Leopard 2`).
                let has_digit = (k..g).any(|t| self.is_num(t));
                let has_word = (k..g).any(|t| self.is_word(t));
                if !(has_word || (has_digit && prev_cap)) {
                    return None;
                }
                // A designation in the plural is the head: `40 F-35s`, `18 TB2s`,
                // `12 Su-30MKIs` (unless a plural noun follows: `two S-400s batteries`).
                let last = self.s(g - 1);
                let plural_designation = g > k + 1
                    && has_digit
                    && self.is_word(g - 1)
                    && last.ends_with('s')
                    && last[..last.len() - 1].chars().all(|c| c.is_ascii_uppercase())
                    && (last.len() > 1 || self.is_num(g - 2));
                let noun_follows = self.spaced(g) && self.is_word(g) && !self.capitalised(g) && self.lower(g).is_some_and(|n| is_plural(&n));
                if plural_designation && !noun_follows {
                    let unit = self.text[self.toks[k].start..self.toks[g - 1].end - 1].to_string();
                    let mut np = *np;
                    np.end = g;
                    return Some(self.found(AmountKind::Count, &np, unit, np.start, 1.0));
                }
                compound.clear();
                modifiers += 1;
                prev_cap = false;
            }
            if modifiers + compound.len() > 5 {
                return None;
            }
            k = g;
        }
        None
    }

    /// "24 of the jets", "six of its aircraft": the count of a part of a set
    /// whose size is not given (`of` at token `of`). Not "one of the", a
    /// number after the determiner ("two of the four frigates"), nor time
    /// or lengths.
    fn part_of(&self, np: &NumPhrase, of: usize) -> Option<Step> {
        if np.val.get() <= 1.0 || np.scaled || np.max.is_some() || np.plus {
            return None;
        }
        let mut k = of + 1;
        if !self.spaced(k) || !self.lower_is(k, &["the", "its", "their", "these", "those", "his", "her", "our"]) {
            return None;
        }
        k += 1;
        for _ in 0..4 {
            if !self.spaced(k) || self.toks[k].newline {
                return None;
            }
            let g = self.group_end(k);
            if g == k + 1 && self.is_word(k) {
                let w = self.s(k);
                let l = w.to_lowercase();
                if STOP.contains(l.as_str()) || is_month(w) || currency_noun(w).is_some() || small_count(&l).is_some() || self.parse_word_number(k).is_some() {
                    return None;
                }
                if is_plural(&l) && !self.capitalised(k) {
                    let head = singular(&l);
                    if time_unit(&head).is_some() || length_unit(&l).is_some() {
                        return None;
                    }
                    let mut np = *np;
                    np.end = k + 1;
                    return Some(self.found(AmountKind::Count, &np, head, np.start, 1.0));
                }
            } else if !(k..g).any(|t| self.is_word(t)) {
                return None;
            }
            if self.is_num(k) {
                return None;
            }
            k = g;
        }
        None
    }

    /// Whether a digit number right after a capitalised word mid-sentence is
    /// part of a name (`Leopard 2 tanks`, `Project 636 submarines`). Title
    /// case headlines (`Poland Buys 180 K2 Tanks`) keep their counts.
    fn designation_before(&self, np: &NumPhrase, head_cap: bool) -> bool {
        let i = np.start;
        if np.word || head_cap || i == 0 || !self.spaced(i) || !self.is_num(i) {
            return false;
        }
        let p = i - 1;
        // "sent Kyiv 31 Abrams tanks": after a verb of giving, the name is
        // the receiver and the number counts.
        let receiver = p > 0
            && self.spaced(p)
            && self.lower(p - 1).is_some_and(|v| {
                matches!(
                    v.as_str(),
                    "sent" | "send" | "sends" | "give" | "gave" | "gives" | "given" | "lend" | "lent" | "lends" | "sell" | "sold" | "sells" | "offer" | "offered"
                        | "offers" | "promised" | "promise" | "promises" | "pledged" | "pledge" | "pledges" | "owes" | "owe" | "handed"
                )
            });
        self.capitalised(p) && !self.sentence_start(p) && !is_month(self.s(p)) && !receiver
    }

    // --- building amounts ------------------------------------------------

    /// The qualifier from the words right before token `s`.
    fn qualifier(&self, s: usize, kind: AmountKind) -> Option<&'static str> {
        let mut words: Vec<String> = Vec::new();
        let mut k = s;
        while k > 0 && words.len() < 3 && self.spaced(k) {
            k -= 1;
            match self.lower(k) {
                Some(l) => words.push(l),
                None => break,
            }
        }
        let w = |n: usize| words.get(n).map(String::as_str).unwrap_or("");
        let three = (w(2), w(1), w(0));
        let q = match three {
            ("no" | "not", "more", "than") => Some("up_to"),
            ("no" | "not", "less" | "fewer", "than") => Some("over"),
            ("as", "many" | "much", "as") => Some("up_to"),
            ("in", "excess", "of") => Some("over"),
            ("just", "short", "of") => Some("under"),
            _ => None,
        };
        let q = q.or(match (w(1), w(0)) {
            ("more" | "greater", "than") => Some("over"),
            ("upwards" | "upward", "of") => Some("over"),
            ("at", "least") => Some("over"),
            ("well" | "just" | "slightly", "over" | "above") => Some("over"),
            ("less" | "fewer", "than") => Some("under"),
            ("just" | "slightly", "under" | "below") => Some("under"),
            ("close", "to") => Some("under"),
            ("up", "to") => Some("up_to"),
            ("at", "most") => Some("up_to"),
            ("an", "estimated") => Some("about"),
            _ => None,
        });
        let q = q.or(match w(0) {
            "over" | "above" | "exceeding" => Some("over"),
            "nearly" | "almost" | "under" | "below" => Some("under"),
            "about" | "around" | "approximately" | "roughly" | "some" | "approx" | "circa" | "estimated" => {
                Some("about")
            }
            "upto" => Some("up_to"),
            _ => None,
        });
        // `over ten years` and `under a two-year deal` speak of time spans.
        if kind == AmountKind::Duration && matches!(w(0), "over" | "under" | "above" | "below") {
            return None;
        }
        q
    }

    /// "worth 4 billion euros, not the 3.75 billion", "$2 billion, up from
    /// 1.6 billion": a scaled number after a sum of money in the same
    /// sentence, with no unit of its own, is in the same currency.
    fn elided_currencies(&self, out: &mut Vec<Amount>) {
        let mut added = Vec::new();
        for (n, money) in out.iter().enumerate().filter(|(_, a)| a.kind == AmountKind::Money) {
            let next_start = out.get(n + 1).map_or(usize::MAX, |a| a.start);
            let mut k = self.toks.partition_point(|t| t.start < money.end);
            let last = (k + 12).min(self.toks.len());
            while k < last && self.toks[k].start < next_start {
                if matches!(self.s(k), "." | "!" | "?") || self.toks[k].newline {
                    break;
                }
                if self.is_num(k) && !self.glued(k) && self.spaced(k) && !(k > 0 && self.is_word(k - 1) && DESIGNATORS.contains(self.s(k - 1).to_lowercase().as_str())) {
                    let Some(val) = parse_digits(self.s(k)) else { break };
                    let mut np = NumPhrase { start: k, end: k + 1, val, scale_exp: 0, scaled: false, plus: false, max: None, word: false };
                    self.parse_scales(&mut np, true);
                    // A number with a unit of its own ("1.5 billion rounds") is an
                    // amount of the main scan, where this one stops.
                    if np.scaled {
                        if let Step::Found(a, _) = self.found(AmountKind::Money, &np, money.unit.clone(), k, 1.0) {
                            // Amounts stay disjoint: it ends before the next one found.
                            if a.end <= next_start {
                                added.push(a);
                            }
                        }
                    }
                    break;
                }
                k += 1;
            }
        }
        if !added.is_empty() {
            out.extend(added);
            out.sort_by_key(|a| a.start);
        }
    }

    fn found(&self, kind: AmountKind, np: &NumPhrase, unit: String, s: usize, factor: f64) -> Step {
        let start = self.toks[s].start;
        let end = self.toks[np.end - 1].end;
        let convert = |v: Val| {
            let x = v.get() * factor;
            if factor == 1.0 {
                x
            } else {
                (x * 1e6).round() / 1e6
            }
        };
        let qualifier = self.qualifier(s, kind).or(if np.plus { Some("over") } else { None });
        let amount = Amount {
            kind,
            value: convert(np.val),
            unit,
            start,
            end,
            text: self.text[start..end].to_string(),
            qualifier: qualifier.map(str::to_string),
            value_max: np.max.map(convert),
        };
        Step::Found(amount, np.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Amount {
        let found = find_amounts(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    fn none(text: &str) {
        let found = find_amounts(text);
        assert!(found.is_empty(), "{text}: {found:?}");
    }

    #[test]
    fn money_with_no_break_space() {
        let a = one("a deal worth US$2.5\u{a0}billion was signed");
        assert_eq!(
            (a.kind, a.value, a.unit.as_str(), a.text.as_str()),
            (AmountKind::Money, 2.5e9, "USD", "US$2.5\u{a0}billion")
        );
    }

    #[test]
    fn money_scales_are_exact() {
        assert_eq!(one("a $5.43-billion package").value, 5_430_000_000.0);
        assert_eq!(one("Rs 40,000 crore").value, 4e11);
        assert_eq!(one("Rs 1.5 lakh crore").value, 1.5e12);
        assert_eq!(one("€1.2bn").value, 1.2e9);
        assert_eq!(one("£300m").value, 3e8);
    }

    #[test]
    fn qualifiers() {
        assert_eq!(one("more than 2 billion euros").qualifier.as_deref(), Some("over"));
        assert_eq!(one("around $2.5 billion").qualifier.as_deref(), Some("about"));
        assert_eq!(one("nearly $2.5 billion").qualifier.as_deref(), Some("under"));
        assert_eq!(one("at an altitude of up to 35 km").qualifier.as_deref(), Some("up_to"));
        assert_eq!(one("192+ missiles").qualifier.as_deref(), Some("over"));
        assert_eq!(one("no more than 20 jets").qualifier.as_deref(), Some("up_to"));
    }

    #[test]
    fn ranges_have_a_maximum() {
        let a = one("delivery in 18-19 months");
        assert_eq!((a.value, a.value_max, a.unit.as_str()), (18.0, Some(19.0), "month"));
        let a = one("a $1-2 billion deal");
        assert_eq!((a.value, a.value_max), (1e9, Some(2e9)));
        let a = one("between 20 and 30 jets");
        assert_eq!((a.value, a.value_max, a.text.as_str()), (20.0, Some(30.0), "20 and 30 jets"));
    }

    #[test]
    fn singulars() {
        for (p, s) in [
            ("batteries", "battery"),
            ("batches", "batch"),
            ("countries", "country"),
            ("missiles", "missile"),
            ("systems", "system"),
            ("units", "unit"),
            ("torpedoes", "torpedo"),
            ("aircraft", "aircraft"),
            ("boxes", "box"),
        ] {
            assert_eq!(singular(p), s);
        }
    }

    #[test]
    fn lengths_convert_to_km() {
        assert_eq!(one("250 miles").value, 402.336);
        assert_eq!(one("10,000 metres").value, 10.0);
        let a = one("flying at 30,000 feet");
        assert_eq!((a.kind, a.value), (AmountKind::Altitude, 9.144));
        assert_eq!(one("200 nautical miles").value, 370.4);
    }

    #[test]
    fn not_amounts() {
        none("In 2017, 100% of the S-400 order was paid on 12 July 2019.");
        none("The Su-30MKI and F-35 flew at MAKS-2021 and Army-2021.");
        none("It was the second time; the 2nd batch arrived at 10:30 on 17 July.");
        none("Type 054A frigates and Project 636 submarines");
        none("17 of which were delivered, page 12");
        none("a 45-year-old officer, aged 45, in the 1990s");
    }

    #[test]
    fn designation_digits_are_not_reread() {
        let found = find_amounts("the S-400 has a range of 400 km");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "400 km");
    }

    #[test]
    fn sorted_and_disjoint() {
        let text =
            "Poland ordered 180 K2 tanks and 48 K9 howitzers for $5.8 billion over 18-19 months, with 400 km range.";
        let found = find_amounts(text);
        assert_eq!(found.len(), 5, "{found:?}");
        for pair in found.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
    }

    #[test]
    fn garbage_never_panics_and_offsets_slice() {
        let pieces = [
            "$",
            "US$",
            "€",
            "£",
            "¥",
            "₹",
            "Rs",
            "Rs.",
            "1",
            "2.5",
            "1,250",
            ",",
            ".",
            "-",
            "–",
            "+",
            "%",
            " ",
            "\u{a0}",
            "\n",
            "billion",
            "bn",
            "m",
            "km",
            "miles",
            "feet",
            "years",
            "two",
            "dozen",
            "a",
            "hundred",
            "and",
            "between",
            "to",
            "jets",
            "S-400",
            "K2",
            "é",
            "日本",
            "🚀",
            "\u{301}",
            "zł",
            "Dh",
            "crowns",
            "Czech",
            "U.S.",
            "dollars",
            "won",
            "July",
            "altitude",
            "of",
            "up",
            "more",
            "than",
            "'",
            "’s",
            "/",
            ":",
            "0",
            "9999999999999999999999",
            "a.m.",
            "Type",
            "old",
            "-year-",
        ];
        let mut seed: u64 = 0x9e3779b97f4a7c15;
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..(seed % 12 + 1) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                if seed & 1 == 0 {
                    s.push(' ');
                }
            }
            let found = find_amounts(&s);
            let mut last = 0;
            for a in &found {
                assert_eq!(s.get(a.start..a.end), Some(a.text.as_str()), "{s:?}");
                assert!(a.start >= last, "{s:?}: {found:?}");
                assert!(a.value.is_finite());
                last = a.end;
            }
        }
        // Every prefix of a multibyte text.
        let text = "Коля заплатил ₹500 crore за 36 Rafale jets — 日本 ¥1兆, 🚀400 km";
        for (i, _) in text.char_indices() {
            find_amounts(&text[i..]);
            find_amounts(&text[..i]);
        }
    }
}
