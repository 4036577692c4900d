//! The entity lookups answer by binary search over mentions sorted by start;
//! here each answer is checked against a scan of every mention, at every
//! offset of texts of our own, so a lookup that misses or invents a mention
//! fails.

use dossier_extract::entities::{self, Mention, Referent};
use dossier_extract::{gazetteer, text};
use dossier_model::Span;

const TEXTS: &[&str] = &[
    "ANKARA, March 3 — Turkey's defence minister Hulusi Akar said on Tuesday that the S-400 \
     systems bought from Russia would be activated. Rosoboronexport chief Alexander Mikheyev \
     said a second contract was close.\n\nPoland signed with South Korea's Hyundai Rotem for \
     180 K2 tanks, while Germany, France and Britain said they would send Leopard 2 tanks to Kyiv.",
    "The Indian Air Force received its first Rafale jets from Dassault Aviation in France. \
     Defence Minister Rajnath Singh welcomed the aircraft at Ambala, and an Indian official \
     said more would follow. Pakistan bought J-10C fighters from China.",
    "",
];

fn scan_within(ms: &[Mention], span: Span) -> Vec<(usize, usize)> {
    ms.iter().filter(|m| m.start >= span.start && m.end <= span.end).map(|m| (m.start, m.end)).collect()
}

#[test]
fn lookups_agree_with_a_scan_of_every_mention() {
    let gaz = gazetteer::default();
    let mut checked = 0;
    for t in TEXTS {
        let ents = entities::find(t, gaz, &text::sentences(t));
        let ms = &ents.mentions;
        assert!(ms.windows(2).all(|w| w[0].end <= w[1].start), "mentions sorted and apart in {t:?}");
        if !t.is_empty() {
            assert!(ms.len() >= 6, "the texts name states, people and systems: {ms:?}");
            assert!(ms.iter().any(|m| matches!(m.referent, Referent::Person(_))));
        }
        for a in 0..=t.len() {
            assert_eq!(ents.at(a).map(|m| m.start), ms.iter().find(|m| m.start == a).map(|m| m.start));
            assert_eq!(ents.ending_by(a).len(), ms.iter().filter(|m| m.end <= a).count());
            for b in a..=(a + 40).min(t.len()) {
                let got: Vec<_> = ents.within(Span::new(a, b)).map(|m| (m.start, m.end)).collect();
                assert_eq!(got, scan_within(ms, Span::new(a, b)), "within {a}..{b}");
                let rev: Vec<_> = ents.within(Span::new(a, b)).rev().map(|m| (m.start, m.end)).collect();
                assert_eq!(rev.len(), got.len());
                let starting: Vec<_> = ents.starting_in(a, b).iter().map(|m| m.start).collect();
                assert_eq!(starting, ms.iter().filter(|m| m.start >= a && m.start < b).map(|m| m.start).collect::<Vec<_>>());
                if b > a {
                    let covering = ms.iter().find(|m| m.start <= a && b <= m.end).map(|m| (m.start, m.end));
                    assert_eq!(ents.covering(a, b).map(|m| (m.start, m.end)), covering, "covering {a}..{b}");
                    let person = ms.iter().find_map(|m| match m.referent {
                        Referent::Person(i) if m.start <= a && b <= m.end => Some(i),
                        _ => None,
                    });
                    assert_eq!(ents.person_at(a, b), person);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10_000);
}

/// `SpanIndex` against a scan, over spans pushed in order and out of order,
/// nested and overlapping.
#[test]
fn span_index_agrees_with_a_scan() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for round in 0..200 {
        let mut index = text::SpanIndex::default();
        let mut spans: Vec<Span> = Vec::new();
        let mut start = 0;
        for _ in 0..next(12) {
            // Mostly in order, as readers push them; now and then earlier.
            start = if round % 3 == 0 && next(4) == 0 { next(start + 1) } else { start + next(6) };
            let span = Span::new(start, start + next(9));
            index.push(span);
            spans.push(span);
        }
        for a in 0..start + 12 {
            assert_eq!(index.holds(a), spans.iter().any(|s| s.start <= a && a < s.end), "holds {a} in {spans:?}");
            assert_eq!(index.max_end_from(a), spans.iter().filter(|s| s.start <= a).map(|s| s.end).max().unwrap_or(0));
            for b in a..a + 10 {
                assert_eq!(index.covers(a, b), spans.iter().any(|s| s.start <= a && b <= s.end), "covers {a}..{b} in {spans:?}");
                assert_eq!(index.overlaps(a, b), spans.iter().any(|s| a < s.end && s.start < b), "overlaps {a}..{b} in {spans:?}");
                assert_eq!(index.starts_in(a, b), spans.iter().any(|s| a <= s.start && s.start < b), "starts_in {a}..{b} in {spans:?}");
            }
        }
    }
}

/// `SpanIndex::in_order` keeps the list's positions: `touching` holds every
/// span that overlaps the range, and refuses a list out of order.
#[test]
fn span_index_in_order_touching() {
    let spans = [Span::new(0, 4), Span::new(2, 30), Span::new(5, 8), Span::new(10, 12), Span::new(20, 25)];
    let index = text::SpanIndex::in_order(spans.iter().copied()).expect("in order");
    for a in 0..32 {
        for b in a..34 {
            let r = index.touching(a, b);
            for (i, s) in spans.iter().enumerate() {
                if s.start < b && a < s.end {
                    assert!(r.contains(&i), "{a}..{b}: {s:?} at {i} outside {r:?}");
                }
            }
        }
    }
    assert_eq!(index.touching(13, 19), 1..4, "the long span keeps what starts after it in range");
    assert!(text::SpanIndex::in_order([Span::new(5, 6), Span::new(1, 2)]).is_none());
}
