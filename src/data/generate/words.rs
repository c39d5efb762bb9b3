//! The words the generator picks from: syllables for made-up names, firm
//! suffixes, places, people's names, chip brands, headline words and the
//! known kinds of agreement and event.

pub(super) const SYLLABLES: &[&str] = &[
    "zen", "tra", "ko", "va", "lin", "mi", "cro", "sel", "ta", "ri", "on", "ne", "xa", "lu", "men", "por", "ti", "qua",
    "dra", "vi", "so", "ha", "ki", "ru", "be", "ly", "ga", "nor", "fe", "dex",
];
pub(super) const FIRM_SUFFIX: &[&str] =
    &["Technologies", "Semiconductor", "Mobile", "Electronics", "Networks", "Systems", "Telecom", "Devices", "Labs"];
pub(super) const CJK: &[&str] = &[
    "华", "为", "小", "米", "中", "芯", "科", "技", "星", "海", "光", "电", "通", "信", "联", "创", "微", "智", "云",
    "达", "盛", "安", "新", "龙", "天", "腾", "宇", "泰",
];
pub(super) const COUNTRIES: &[&str] = &["CN", "US", "KR", "JP", "TW", "DE", "FI", "SE", "NL", "IN", "GB", "FR"];
pub(super) const CITIES: &[&str] = &[
    "Shenzhen",
    "Beijing",
    "Shanghai",
    "San Diego",
    "Seoul",
    "Tokyo",
    "Hsinchu",
    "Munich",
    "Espoo",
    "Stockholm",
    "Eindhoven",
    "Bengaluru",
    "Cambridge",
    "Paris",
];
pub(super) const FIRST: &[&str] = &[
    "Wei", "Li", "Chen", "Anna", "David", "Mei", "Jun", "Sofia", "Lars", "Priya", "Kenji", "Min-jun", "Elena", "Omar",
    "Grace", "Hiroshi", "Ingrid", "Raj", "Yuki", "Tomas",
];
pub(super) const LAST: &[&str] = &[
    "Zhang",
    "Wang",
    "Liu",
    "Kim",
    "Park",
    "Sato",
    "Tanaka",
    "Müller",
    "Virtanen",
    "Andersson",
    "Sharma",
    "Smith",
    "Garcia",
    "Dubois",
    "Novak",
    "Huang",
    "Zhou",
    "Lee",
    "Rossi",
    "Jansen",
];
pub(super) const CJK_SURNAMES: &[&str] = &["张", "王", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐"];
pub(super) const TITLES: &[&str] = &[
    "Chief Executive Officer",
    "Chairman",
    "Chief Technology Officer",
    "Head of Intellectual Property",
    "President, Consumer Business",
    "Chief Financial Officer",
    "General Counsel",
    "VP, Licensing",
];
pub(super) const CHIP_BRANDS: &[&str] =
    &["Kiran", "Xylo", "Dimension", "Snapline", "Helix", "Orion", "Tensor", "Exa", "Nova"];
pub(super) const PROCESSES: &[&str] = &["28 nm", "16 nm", "12 nm", "7 nm", "5 nm", "4 nm", "3 nm"];
pub(super) const PRODUCT_LINES: &[&str] =
    &["Mate", "Note", "Galaxy", "Pixel", "Edge", "Nova", "Find", "Reno", "Pad", "Watch"];
pub(super) const PRODUCT_TAIL: &[&str] = &["", " Pro", " Pro+", " Ultra", " Lite", " Max", " 5G"];
pub(super) const CATEGORIES: &[&str] = &["smartphone", "tablet", "wearable", "laptop", "router", "car"];
pub(super) const AGREEMENT_KINDS: &[&str] =
    &["patent-cross-license", "patent-license", "settlement", "supply", "investment", "joint-venture", "partnership"];
pub(super) const EVENT_KINDS: &[&str] =
    &["announcement", "launch", "lawsuit", "ruling", "sanction", "investment", "financial", "appointment"];
pub(super) const EVENT_VERBS: &[&str] = &[
    "announces",
    "files suit against",
    "settles with",
    "invests in",
    "signs with",
    "launches with",
    "wins ruling over",
    "partners with",
];
pub(super) const SCOPES: &[&str] =
    &["5G", "4G", "Wi-Fi", "video codecs", "imaging", "displays", "batteries", "modems", "AI"];
pub(super) const TAGS: &[&str] = &[
    "patents",
    "licensing",
    "5G",
    "chips",
    "smartphones",
    "sanctions",
    "supply-chain",
    "litigation",
    "r-and-d",
    "manufacturing",
];
pub(super) const PUBLISHERS: &[&str] =
    &["Reuters", "Nikkei Asia", "Caixin", "Yicai", "The Verge", "FOSS Patents", "TechNode", "Bloomberg", "IAM"];
pub(super) const HEADLINE_WORDS: &[&str] =
    &["licensing", "dispute", "royalties", "chip", "launch", "talks", "deal", "outlook", "shipments", "ruling"];
