"""Word lists for demo data, weighted roughly as in the US population.

Common first names repeat as in life: "James", "John", "Mary" are each about 3% of people, so a
search for "john" at a million customers matches tens of thousands of rows (names that contain
it, such as "Johnny" or "Johnson", included). A long tail, Unicode names among it, keeps
the rest varied.
"""

# fmt: off
# (name, weight per thousand people)
FIRST_NAMES: tuple[tuple[str, float], ...] = (
    ("James", 33), ("John", 24), ("Robert", 31), ("Michael", 29), ("Mary", 26),
    ("William", 24), ("David", 24), ("Richard", 15), ("Joseph", 13), ("Thomas", 13),
    ("Patricia", 13), ("Jennifer", 13), ("Linda", 12), ("Elizabeth", 12), ("Barbara", 12),
    ("Charles", 11), ("Christopher", 10), ("Susan", 10), ("Jessica", 9), ("Sarah", 9),
    ("Daniel", 9), ("Matthew", 8), ("Anthony", 7), ("Karen", 7), ("Nancy", 7),
    ("Mark", 7), ("Donald", 7), ("Lisa", 7), ("Betty", 6), ("Margaret", 6),
    ("Steven", 6), ("Paul", 6), ("Andrew", 6), ("Sandra", 6), ("Ashley", 6),
    ("Joshua", 6), ("Kenneth", 6), ("Kevin", 5), ("Brian", 5), ("Kimberly", 5),
    ("Emily", 5), ("Donna", 5), ("Michelle", 5), ("George", 5), ("Timothy", 5),
    ("Ronald", 5), ("Edward", 5), ("Dorothy", 5), ("Carol", 5), ("Amanda", 5),
    ("Jason", 5), ("Melissa", 5), ("Deborah", 4), ("Stephanie", 4), ("Rebecca", 4),
    ("Jeffrey", 4), ("Ryan", 4), ("Jacob", 4), ("Gary", 4), ("Nicholas", 4),
    ("Eric", 4), ("Laura", 4), ("Sharon", 4), ("Cynthia", 4), ("Kathleen", 4),
    ("Jonathan", 4), ("Stephen", 4), ("Larry", 4), ("Justin", 3), ("Scott", 3),
    ("Amy", 3), ("Angela", 3), ("Shirley", 3), ("Anna", 3), ("Brenda", 3),
    ("Brandon", 3), ("Benjamin", 3), ("Samuel", 3), ("Gregory", 3), ("Frank", 3),
    ("Pamela", 3), ("Emma", 3), ("Nicole", 3), ("Helen", 3), ("Samantha", 3),
    ("Alexander", 3), ("Raymond", 3), ("Patrick", 3), ("Jack", 3), ("Dennis", 3),
    ("Jerry", 3), ("Tyler", 3), ("Aaron", 3), ("Katherine", 3), ("Christine", 3),
    ("Johnny", 2), ("Joanne", 2), ("Olivia", 2), ("Sophia", 2), ("Isabella", 2),
    ("Mia", 2), ("Ava", 2), ("Noah", 2), ("Liam", 2), ("Ethan", 2),
    ("Logan", 2), ("Lucas", 2), ("Mason", 2), ("Harper", 2), ("Evelyn", 2),
    ("Abigail", 2), ("Ella", 2), ("Grace", 2), ("Chloe", 2), ("Victoria", 2),
    ("Maria", 3), ("Juan", 2), ("Carlos", 2), ("Luis", 2), ("Jorge", 1.5),
    ("José", 2), ("María", 2), ("Sofía", 1), ("Lucía", 1), ("Andrés", 1),
    ("Zoë", 0.8), ("Chloé", 0.6), ("Renée", 0.8), ("André", 0.8), ("Noémie", 0.4),
    ("Björn", 0.3), ("Søren", 0.3), ("Jürgen", 0.3), ("Łukasz", 0.3), ("Zoltán", 0.2),
    ("François", 0.4), ("Hélène", 0.4), ("Ángel", 0.6), ("Inés", 0.5), ("Joël", 0.3),
    ("Wei", 1), ("Min-jun", 0.5), ("Ngọc", 0.4), ("Anh", 0.6), ("Hiroshi", 0.4),
    ("Yuki", 0.5), ("Priya", 0.8), ("Arjun", 0.8), ("Fatima", 0.8), ("Mohammed", 1),
    ("Aisha", 0.7), ("Omar", 0.8), ("Kwame", 0.3), ("Amara", 0.4), ("Siobhán", 0.3),
    ("Seán", 0.4), ("Dmitri", 0.3), ("Olga", 0.4), ("Ana", 1), ("Ivan", 0.6),
)

LAST_NAMES: tuple[tuple[str, float], ...] = (
    ("Smith", 8.3), ("Johnson", 6.6), ("Williams", 5.5), ("Brown", 4.9), ("Jones", 4.8),
    ("Garcia", 3.7), ("Miller", 3.7), ("Davis", 3.6), ("Rodriguez", 3.2), ("Martinez", 3.1),
    ("Hernandez", 3.0), ("Lopez", 2.5), ("Gonzalez", 2.4), ("Wilson", 2.4), ("Anderson", 2.3),
    ("Thomas", 2.3), ("Taylor", 2.2), ("Moore", 2.1), ("Jackson", 2.1), ("Martin", 2.0),
    ("Lee", 1.9), ("Perez", 1.8), ("Thompson", 1.8), ("White", 1.8), ("Harris", 1.7),
    ("Sanchez", 1.7), ("Clark", 1.6), ("Ramirez", 1.6), ("Lewis", 1.5), ("Robinson", 1.5),
    ("Walker", 1.5), ("Young", 1.4), ("Allen", 1.4), ("King", 1.4), ("Wright", 1.4),
    ("Scott", 1.3), ("Torres", 1.3), ("Nguyen", 1.3), ("Hill", 1.3), ("Flores", 1.3),
    ("Green", 1.2), ("Adams", 1.2), ("Nelson", 1.2), ("Baker", 1.2), ("Hall", 1.2),
    ("Rivera", 1.1), ("Campbell", 1.1), ("Mitchell", 1.1), ("Carter", 1.1), ("Roberts", 1.1),
    ("Gomez", 1.0), ("Phillips", 1.0), ("Evans", 1.0), ("Turner", 1.0), ("Diaz", 1.0),
    ("Parker", 1.0), ("Cruz", 1.0), ("Edwards", 1.0), ("Collins", 1.0), ("Reyes", 1.0),
    ("Stewart", 0.9), ("Morris", 0.9), ("Morales", 0.9), ("Murphy", 0.9), ("Cook", 0.9),
    ("Rogers", 0.9), ("Gutierrez", 0.8), ("Ortiz", 0.8), ("Morgan", 0.8), ("Cooper", 0.8),
    ("Peterson", 0.8), ("Bailey", 0.8), ("Reed", 0.8), ("Kelly", 0.8), ("Howard", 0.8),
    ("Ramos", 0.7), ("Kim", 0.7), ("Cox", 0.7), ("Ward", 0.7), ("Richardson", 0.7),
    ("Watson", 0.7), ("Brooks", 0.7), ("Chavez", 0.7), ("Wood", 0.7), ("James", 0.7),
    ("Bennett", 0.7), ("Gray", 0.7), ("Mendoza", 0.7), ("Ruiz", 0.7), ("Hughes", 0.7),
    ("Price", 0.6), ("Alvarez", 0.6), ("Castillo", 0.6), ("Sanders", 0.6), ("Patel", 0.6),
    ("Myers", 0.6), ("Long", 0.6), ("Ross", 0.6), ("Foster", 0.6), ("Jimenez", 0.6),
    ("O'Brien", 0.5), ("O'Connor", 0.4), ("McDonald", 0.4), ("Johns", 0.2), ("Johnston", 0.3),
    ("García", 0.6), ("Núñez", 0.3), ("Peña", 0.3), ("Muñoz", 0.4), ("Ibáñez", 0.1),
    ("Müller", 0.2), ("Schröder", 0.1), ("Nyström", 0.1), ("Østergaard", 0.05), ("Kowalczyk", 0.1),
    ("Nguyễn", 0.3), ("Trần", 0.2), ("Lê", 0.2), ("Wang", 0.5), ("Zhang", 0.4),
    ("Chen", 0.5), ("Liu", 0.4), ("Tanaka", 0.1), ("Sato", 0.1), ("Singh", 0.4),
    ("Khan", 0.3), ("Okafor", 0.1), ("Mensah", 0.1), ("Dubois", 0.1), ("Lefèvre", 0.05),
    ("Ivanov", 0.1), ("Novák", 0.05), ("Papadopoulos", 0.05), ("Rossi", 0.1), ("Bianchi", 0.05),
)

# Most people carry a surname outside any top-100 list: a long tail of plausible ones (none
# containing "john"), together about four fifths of people, keeps "Smith" near 1%.
_PREFIXES: tuple[str, ...] = (
    "Ash", "Black", "Brad", "Brook", "Cal", "Car", "Chat", "Craw", "Dal", "Dun", "Fair", "Fen",
    "Gar", "Glad", "Hal", "Ham", "Har", "Hath", "Hol", "Hun", "Kings", "Lang", "Lind", "Mar",
    "Mid", "Mor", "Nor", "Oak", "Pem", "Ral", "Red", "Ring", "Roth", "Sal", "Shel", "Stan",
    "Stock", "Thorn", "Wad", "Wes", "Whit", "Win",
)
_SUFFIXES: tuple[str, ...] = (
    "ford", "ley", "ton", "wood", "field", "well", "worth", "by", "more", "stead",
    "brook", "hurst", "wick", "man", "er", "son", "ridge", "dale", "land", "cott",
)
LAST_NAMES = LAST_NAMES + tuple(
    (prefix + suffix, 0.8) for prefix in _PREFIXES for suffix in _SUFFIXES
)

EMAIL_DOMAINS: tuple[tuple[str, float], ...] = (
    ("gmail.com", 45), ("yahoo.com", 12), ("outlook.com", 9), ("hotmail.com", 8), ("icloud.com", 8),
    ("aol.com", 3), ("comcast.net", 3), ("proton.me", 2), ("example.com", 5), ("example.org", 5),
)

STREET_NAMES: tuple[str, ...] = (
    "Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Willamette", "High",
    "Pearl", "Olive", "Lincoln", "Jefferson", "Washington", "Monroe", "Polk", "River",
    "Lake", "Hillcrest", "Coburg", "Crescent", "Chambers", "Friendly", "Harlow", "Gateway",
    "Mohawk", "Division", "Hawthorne", "Belmont", "Alberta", "Burnside", "Sandy", "Fremont",
    "Glisan", "Commercial", "Liberty", "Lancaster", "Mission", "State", "Court", "Madrona",
)
STREET_SUFFIXES: tuple[str, ...] = (
    "St", "Ave", "Blvd", "Rd", "Dr", "Ln", "Way", "Ct", "Pl", "Loop",
)

# A few service zones in Oregon and their ZIP codes (name, city, state, ZIPs).
ZONES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Eugene", "Eugene", "OR", (
        "97401", "97402", "97403", "97404", "97405", "97408",
    )),
    ("Springfield", "Springfield", "OR", (
        "97477", "97478",
    )),
    ("Portland", "Portland", "OR", (
        "97201", "97202", "97203", "97205", "97206", "97209", "97210", "97211",
        "97212", "97213", "97214", "97215", "97217", "97219", "97220", "97221",
        "97232", "97239",
    )),
    ("Salem", "Salem", "OR", (
        "97301", "97302", "97303", "97304", "97305", "97306",
    )),
    ("Corvallis", "Corvallis", "OR", (
        "97330", "97331", "97333",
    )),
)

# Area codes of real US regions.
AREA_CODES: tuple[str, ...] = (
    "541", "503", "971", "458", "206", "253", "360", "425", "509", "208", "415", "510", "650",
    "707", "916", "213", "310", "323", "626", "702", "775", "801", "602", "480", "303", "720",
    "312", "773", "212", "718", "917", "646", "617", "305", "404", "214", "512", "713",
)

# (service, duration minutes, price in cents)
SERVICES: tuple[tuple[str, int, int], ...] = (
    ("standard_clean", 120, 14000),
    ("deep_clean", 240, 28000),
    ("move_out_clean", 300, 36000),
    ("window_washing", 90, 11000),
    ("carpet_cleaning", 150, 19000),
)

ADD_ONS: tuple[tuple[str, int], ...] = (
    ("Inside oven", 3500),
    ("Inside fridge", 3500),
    ("Interior windows", 4500),
    ("Laundry (per load)", 2000),
    ("Supplies", 1500),
)

ACCESS_NOTES: tuple[str, ...] = (
    "Key under the mat by the back door.",
    "Gate code 4812. Dog is friendly.",
    "Ring twice; side entrance.",
    "Park in the driveway, not on the street.",
    "Check in at the front desk.",
)
# fmt: on
