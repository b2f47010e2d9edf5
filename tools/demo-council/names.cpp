#include "demo-council/names.h"

#include <array>
#include <cctype>

namespace doorstep::demo {

namespace {

using C = Community;
using enum Sex;
using enum Cohort;

constexpr GivenName kGivenNames[] = {
    // British, born 1925-1950: the service's oldest residents.
    {"Margaret", Female, Older, C::British},
    {"Doreen", Female, Older, C::British},
    {"Joan", Female, Older, C::British},
    {"Dorothy", Female, Older, C::British},
    {"Irene", Female, Older, C::British},
    {"Jean", Female, Older, C::British},
    {"Eileen", Female, Older, C::British},
    {"Maureen", Female, Older, C::British},
    {"Sheila", Female, Older, C::British},
    {"Pauline", Female, Older, C::British},
    {"Brenda", Female, Older, C::British},
    {"Patricia", Female, Older, C::British},
    {"Barbara", Female, Older, C::British},
    {"Joyce", Female, Older, C::British},
    {"Mavis", Female, Older, C::British},
    {"Sylvia", Female, Older, C::British},
    {"Betty", Female, Older, C::British},
    {"Audrey", Female, Older, C::British},
    {"Edna", Female, Older, C::British},
    {"Vera", Female, Older, C::British},
    {"Marjorie", Female, Older, C::British},
    {"Gwen", Female, Older, C::British},
    {"Hilda", Female, Older, C::British},
    {"Iris", Female, Older, C::British},
    {"Valerie", Female, Older, C::British},
    {"Shirley", Female, Older, C::British},
    {"June", Female, Older, C::British},
    {"Rita", Female, Older, C::British},
    {"Elsie", Female, Older, C::British},
    {"Phyllis", Female, Older, C::British},
    {"Arthur", Male, Older, C::British},
    {"Harold", Male, Older, C::British},
    {"Kenneth", Male, Older, C::British},
    {"Ronald", Male, Older, C::British},
    {"Dennis", Male, Older, C::British},
    {"Derek", Male, Older, C::British},
    {"Frank", Male, Older, C::British},
    {"Albert", Male, Older, C::British},
    {"Stanley", Male, Older, C::British},
    {"Leonard", Male, Older, C::British},
    {"Bernard", Male, Older, C::British},
    {"Norman", Male, Older, C::British},
    {"Raymond", Male, Older, C::British},
    {"Gordon", Male, Older, C::British},
    {"Roy", Male, Older, C::British},
    {"Alan", Male, Older, C::British},
    {"Brian", Male, Older, C::British},
    {"Geoffrey", Male, Older, C::British},
    {"Eric", Male, Older, C::British},
    {"Walter", Male, Older, C::British},
    {"Clifford", Male, Older, C::British},
    {"Cyril", Male, Older, C::British},
    {"Trevor", Male, Older, C::British},
    {"Keith", Male, Older, C::British},
    // British, born 1950-1975.
    {"Susan", Female, Middle, C::British},
    {"Linda", Female, Middle, C::British},
    {"Christine", Female, Middle, C::British},
    {"Janet", Female, Middle, C::British},
    {"Carol", Female, Middle, C::British},
    {"Elaine", Female, Middle, C::British},
    {"Julie", Female, Middle, C::British},
    {"Karen", Female, Middle, C::British},
    {"Tracey", Female, Middle, C::British},
    {"Deborah", Female, Middle, C::British},
    {"Gillian", Female, Middle, C::British},
    {"Lesley", Female, Middle, C::British},
    {"Wendy", Female, Middle, C::British},
    {"Alison", Female, Middle, C::British},
    {"Angela", Female, Middle, C::British},
    {"Denise", Female, Middle, C::British},
    {"Lorraine", Female, Middle, C::British},
    {"Jacqueline", Female, Middle, C::British},
    {"David", Male, Middle, C::British},
    {"Paul", Male, Middle, C::British},
    {"Michael", Male, Middle, C::British},
    {"Stephen", Male, Middle, C::British},
    {"Peter", Male, Middle, C::British},
    {"John", Male, Middle, C::British},
    {"Robert", Male, Middle, C::British},
    {"Mark", Male, Middle, C::British},
    {"Gary", Male, Middle, C::British},
    {"Colin", Male, Middle, C::British},
    {"Graham", Male, Middle, C::British},
    {"Nigel", Male, Middle, C::British},
    {"Ian", Male, Middle, C::British},
    {"Andrew", Male, Middle, C::British},
    {"Kevin", Male, Middle, C::British},
    {"Philip", Male, Middle, C::British},
    {"Malcolm", Male, Middle, C::British},
    {"Terry", Male, Middle, C::British},
    // British, born after 1975: staff, councillors, residents' families.
    {"Sarah", Female, Younger, C::British},
    {"Emma", Female, Younger, C::British},
    {"Laura", Female, Younger, C::British},
    {"Rachel", Female, Younger, C::British},
    {"Hannah", Female, Younger, C::British},
    {"Chloe", Female, Younger, C::British},
    {"Jessica", Female, Younger, C::British},
    {"Amy", Female, Younger, C::British},
    {"Gemma", Female, Younger, C::British},
    {"Lucy", Female, Younger, C::British},
    {"James", Male, Younger, C::British},
    {"Daniel", Male, Younger, C::British},
    {"Thomas", Male, Younger, C::British},
    {"Matthew", Male, Younger, C::British},
    {"Ryan", Male, Younger, C::British},
    {"Liam", Male, Younger, C::British},
    {"Ben", Male, Younger, C::British},
    {"Jack", Male, Younger, C::British},
    {"Adam", Male, Younger, C::British},
    {"Chris", Male, Younger, C::British},
    // Irish.
    {"Bridget", Female, Older, C::Irish},
    {"Kathleen", Female, Older, C::Irish},
    {"Mary", Female, Older, C::Irish},
    {"Siobhan", Female, Middle, C::Irish},
    {"Niamh", Female, Younger, C::Irish},
    {"Patrick", Male, Older, C::Irish},
    {"Seamus", Male, Older, C::Irish},
    {"Eamon", Male, Older, C::Irish},
    {"Declan", Male, Middle, C::Irish},
    // Caribbean: the Windrush generation and their children.
    {"Hyacinth", Female, Older, C::Caribbean},
    {"Gloria", Female, Older, C::Caribbean},
    {"Cynthia", Female, Older, C::Caribbean},
    {"Lurline", Female, Older, C::Caribbean},
    {"Marcia", Female, Middle, C::Caribbean},
    {"Beverley", Female, Middle, C::Caribbean},
    {"Winston", Male, Older, C::Caribbean},
    {"Lloyd", Male, Older, C::Caribbean},
    {"Delroy", Male, Middle, C::Caribbean},
    {"Clive", Male, Middle, C::Caribbean},
    {"Everton", Male, Middle, C::Caribbean},
    {"Marlon", Male, Younger, C::Caribbean},
    // Pakistani.
    {"Zubeda", Female, Older, C::Pakistani},
    {"Nasreen", Female, Older, C::Pakistani},
    {"Shabana", Female, Middle, C::Pakistani},
    {"Rubina", Female, Middle, C::Pakistani},
    {"Ayesha", Female, Younger, C::Pakistani},
    {"Bashir", Male, Older, C::Pakistani},
    {"Mohammed", Male, Older, C::Pakistani},
    {"Abdul", Male, Older, C::Pakistani},
    {"Tariq", Male, Middle, C::Pakistani},
    {"Imran", Male, Younger, C::Pakistani},
    // Indian: Punjabi and Gujarati families.
    {"Jaswinder", Female, Older, C::Indian},
    {"Hansa", Female, Older, C::Indian},
    {"Kokila", Female, Older, C::Indian},
    {"Manjit", Female, Middle, C::Indian},
    {"Gurpreet", Female, Middle, C::Indian},
    {"Priya", Female, Younger, C::Indian},
    {"Harjit", Male, Older, C::Indian},
    {"Surinder", Male, Older, C::Indian},
    {"Pravin", Male, Older, C::Indian},
    {"Rajesh", Male, Middle, C::Indian},
    {"Sunil", Male, Younger, C::Indian},
    // Bangladeshi.
    {"Rahima", Female, Older, C::Bangladeshi},
    {"Jahanara", Female, Older, C::Bangladeshi},
    {"Nazma", Female, Middle, C::Bangladeshi},
    {"Anwar", Male, Older, C::Bangladeshi},
    {"Shahid", Male, Middle, C::Bangladeshi},
    {"Shamim", Male, Middle, C::Bangladeshi},
    // Polish: post-war settlers and the 2004 arrivals.
    {"Zofia", Female, Older, C::Polish},
    {"Halina", Female, Older, C::Polish},
    {"Krystyna", Female, Older, C::Polish},
    {"Jadwiga", Female, Older, C::Polish},
    {"Małgorzata", Female, Middle, C::Polish},
    {"Agnieszka", Female, Younger, C::Polish},
    {"Stanisław", Male, Older, C::Polish},
    {"Wojciech", Male, Middle, C::Polish},
    {"Krzysztof", Male, Middle, C::Polish},
    {"Tomasz", Male, Younger, C::Polish},
    // Romanian.
    {"Elena", Female, Middle, C::Romanian},
    {"Mihaela", Female, Middle, C::Romanian},
    {"Ioana", Female, Younger, C::Romanian},
    {"Gheorghe", Male, Older, C::Romanian},
    {"Vasile", Male, Older, C::Romanian},
    {"Ion", Male, Middle, C::Romanian},
    {"Florin", Male, Younger, C::Romanian},
    // Somali.
    {"Hawa", Female, Older, C::Somali},
    {"Faadumo", Female, Middle, C::Somali},
    {"Hodan", Female, Younger, C::Somali},
    {"Mohamed", Male, Older, C::Somali},
    {"Abdi", Male, Middle, C::Somali},
    {"Ahmed", Male, Middle, C::Somali},
    // Chinese (Hong Kong Cantonese).
    {"Siu Ling", Female, Older, C::Chinese},
    {"Mei Ling", Female, Middle, C::Chinese},
    {"Kwok Wah", Male, Older, C::Chinese},
    {"Chun Kit", Male, Middle, C::Chinese},
};

constexpr Surname kSurnames[] = {
    {"Smith", C::British},
    {"Jones", C::British},
    {"Taylor", C::British},
    {"Brown", C::British},
    {"Williams", C::British},
    {"Wilson", C::British},
    {"Johnson", C::British},
    {"Davies", C::British},
    {"Robinson", C::British},
    {"Wright", C::British},
    {"Thompson", C::British},
    {"Evans", C::British},
    {"Walker", C::British},
    {"White", C::British},
    {"Roberts", C::British},
    {"Green", C::British},
    {"Hall", C::British},
    {"Wood", C::British},
    {"Jackson", C::British},
    {"Clarke", C::British},
    {"Harris", C::British},
    {"Lewis", C::British},
    {"Turner", C::British},
    {"Hill", C::British},
    {"Cooper", C::British},
    {"Ward", C::British},
    {"Morris", C::British},
    {"Moore", C::British},
    {"Clark", C::British},
    {"Lee", C::British},
    {"King", C::British},
    {"Baker", C::British},
    {"Harrison", C::British},
    {"Morgan", C::British},
    {"Allen", C::British},
    {"James", C::British},
    {"Scott", C::British},
    {"Phillips", C::British},
    {"Watson", C::British},
    {"Davis", C::British},
    {"Parker", C::British},
    {"Price", C::British},
    {"Bennett", C::British},
    {"Young", C::British},
    {"Griffiths", C::British},
    {"Mitchell", C::British},
    {"Cook", C::British},
    {"Carter", C::British},
    {"Richardson", C::British},
    {"Bailey", C::British},
    {"Collins", C::British},
    {"Bell", C::British},
    {"Shaw", C::British},
    {"Miller", C::British},
    {"Cox", C::British},
    {"Richards", C::British},
    {"Marshall", C::British},
    {"Anderson", C::British},
    {"Simpson", C::British},
    {"Ellis", C::British},
    {"Adams", C::British},
    {"Wilkinson", C::British},
    {"Foster", C::British},
    {"Chapman", C::British},
    {"Powell", C::British},
    {"Webb", C::British},
    {"Rogers", C::British},
    {"Gray", C::British},
    {"Mason", C::British},
    {"Hunt", C::British},
    {"Hughes", C::British},
    {"Palmer", C::British},
    {"Holmes", C::British},
    {"Mills", C::British},
    {"Barnes", C::British},
    {"Knight", C::British},
    {"Lloyd", C::British},
    {"Butler", C::British},
    {"Russell", C::British},
    {"Barker", C::British},
    {"Fisher", C::British},
    {"Stevens", C::British},
    {"Jenkins", C::British},
    {"Dixon", C::British},
    {"Fletcher", C::British},
    {"Pearson", C::British},
    {"Hudson", C::British},
    {"Gibson", C::British},
    {"Dawson", C::British},
    {"Hardy", C::British},
    {"Lambert", C::British},
    {"Payne", C::British},
    {"Sutton", C::British},
    {"Atkinson", C::British},
    {"Bradley", C::British},
    {"Burton", C::British},
    {"Hopkins", C::British},
    {"Spencer", C::British},
    {"Rowe", C::British},
    {"Pickering", C::British},
    {"Woodward", C::British},
    {"Buckley", C::British},
    {"Barrett", C::British},
    {"Whitehouse", C::British},
    {"Holland", C::British},
    {"Gould", C::British},
    {"Riley", C::British},
    {"Harper", C::British},
    {"Marsh", C::British},
    {"Perkins", C::British},
    {"Bishop", C::British},
    {"Slater", C::British},
    {"Cartwright", C::British},
    {"Fox", C::British},
    {"Moss", C::British},
    {"Stubbs", C::British},
    {"Bray", C::British},
    {"Ashworth", C::British},
    {"Kirby", C::British},
    {"Tomlinson", C::British},
    {"Oakley", C::British},
    {"Pratt", C::British},
    {"Hammond", C::British},
    {"Newman", C::British},
    {"Lowe", C::British},
    {"Chamberlain", C::British},
    {"Blackwell", C::British},
    {"Greaves", C::British},
    {"Cope", C::British},
    {"Hewitt", C::British},
    {"Crouch", C::British},
    {"Sharpe", C::British},
    {"Bartlett", C::British},
    {"Goodwin", C::British},
    {"Hickman", C::British},
    {"Murphy", C::Irish},
    {"Kelly", C::Irish},
    {"O'Brien", C::Irish},
    {"Byrne", C::Irish},
    {"Walsh", C::Irish},
    {"Doyle", C::Irish},
    {"McCarthy", C::Irish},
    {"Ryan", C::Irish},
    {"O'Connor", C::Irish},
    {"Gallagher", C::Irish},
    {"Campbell", C::Caribbean},
    {"Francis", C::Caribbean},
    {"Grant", C::Caribbean},
    {"Reid", C::Caribbean},
    {"Samuels", C::Caribbean},
    {"McKenzie", C::Caribbean},
    {"Henry", C::Caribbean},
    {"Gordon", C::Caribbean},
    {"Clarke", C::Caribbean},
    {"Khan", C::Pakistani},
    {"Hussain", C::Pakistani},
    {"Ahmed", C::Pakistani},
    {"Akhtar", C::Pakistani},
    {"Iqbal", C::Pakistani},
    {"Malik", C::Pakistani},
    {"Mahmood", C::Pakistani},
    {"Raza", C::Pakistani},
    {"Bibi", C::Pakistani, SexFit::Female},
    {"Patel", C::Indian},
    {"Sharma", C::Indian},
    {"Mistry", C::Indian},
    {"Parmar", C::Indian},
    {"Gill", C::Indian},
    {"Sandhu", C::Indian},
    {"Chauhan", C::Indian},
    {"Kaur", C::Indian, SexFit::Female},
    {"Singh", C::Indian, SexFit::Male},
    {"Begum", C::Bangladeshi, SexFit::Female},
    {"Miah", C::Bangladeshi, SexFit::Male},
    {"Rahman", C::Bangladeshi},
    {"Uddin", C::Bangladeshi},
    {"Ali", C::Bangladeshi},
    {"Islam", C::Bangladeshi},
    {"Hoque", C::Bangladeshi},
    {"Nowak", C::Polish},
    {"Wójcik", C::Polish},
    {"Kowalczyk", C::Polish},
    {"Kowalski", C::Polish, SexFit::Male},
    {"Kowalska", C::Polish, SexFit::Female},
    {"Wiśniewski", C::Polish, SexFit::Male},
    {"Wiśniewska", C::Polish, SexFit::Female},
    {"Kamiński", C::Polish, SexFit::Male},
    {"Kamińska", C::Polish, SexFit::Female},
    {"Lewandowski", C::Polish, SexFit::Male},
    {"Lewandowska", C::Polish, SexFit::Female},
    {"Popescu", C::Romanian},
    {"Ionescu", C::Romanian},
    {"Popa", C::Romanian},
    {"Dumitru", C::Romanian},
    {"Munteanu", C::Romanian},
    {"Stan", C::Romanian},
    {"Abdi", C::Somali},
    {"Hassan", C::Somali},
    {"Mohamed", C::Somali},
    {"Warsame", C::Somali},
    {"Farah", C::Somali},
    {"Omar", C::Somali},
    {"Chan", C::Chinese},
    {"Wong", C::Chinese},
    {"Cheung", C::Chinese},
    {"Lau", C::Chinese},
    {"Ng", C::Chinese},
    {"Li", C::Chinese},
};

constexpr CommunityShare kCommunityShares[] = {
    {C::British, 0.810, 0.0},    {C::Irish, 0.030, 0.0},     {C::Caribbean, 0.030, 0.0},
    {C::Pakistani, 0.030, 0.25}, {C::Indian, 0.040, 0.20},   {C::Bangladeshi, 0.015, 0.35},
    {C::Polish, 0.025, 0.30},    {C::Romanian, 0.010, 0.40}, {C::Somali, 0.005, 0.45},
    {C::Chinese, 0.005, 0.35},
};

constexpr InterpreterLanguage kInterpreterLanguages[] = {
    {C::Pakistani, "Urdu", 0.6},      {C::Pakistani, "Punjabi", 0.4},
    {C::Indian, "Punjabi", 0.55},     {C::Indian, "Gujarati", 0.45},
    {C::Bangladeshi, "Bengali", 0.5}, {C::Bangladeshi, "Sylheti", 0.5},
    {C::Polish, "Polish", 1.0},       {C::Romanian, "Romanian", 1.0},
    {C::Somali, "Somali", 1.0},       {C::Chinese, "Cantonese", 1.0},
};

// Streets with a home ward are in that ward (Millbrook Road in Millbrook); the rest are shared
// out among the wards.
constexpr Street kStreets[] = {
    {"Millbrook Road", "Millbrook"},
    {"Abbey Lane", "Abbey"},
    {"Castle Street", "Castle Hill"},
    {"Church Lane", {}},
    {"Station Road", "Northgate"},
    {"Victoria Road", {}},
    {"Queen Street", {}},
    {"King Street", {}},
    {"Mill Lane", "Millbrook"},
    {"Park Road", {}},
    {"Chestnut Close", {}},
    {"Oak Avenue", {}},
    {"Beech Grove", {}},
    {"Elm Crescent", {}},
    {"Willow Way", {}},
    {"Ash Close", {}},
    {"Hawthorn Drive", {}},
    {"Rowan Close", {}},
    {"Sycamore Road", {}},
    {"Lime Tree Avenue", {}},
    {"Holly Close", {}},
    {"Laburnum Grove", {}},
    {"Poplar Avenue", {}},
    {"Cedar Drive", {}},
    {"Maple Close", {}},
    {"Hazel Grove", {}},
    {"Alder Way", {}},
    {"Birch Crescent", {}},
    {"Larch Close", {}},
    {"Orchard Way", {}},
    {"Meadow Lane", "Westfield"},
    {"Brookside", "Millbrook"},
    {"The Green", "Netherby"},
    {"Manor Road", {}},
    {"Grange Road", {}},
    {"Priory Road", "Priory"},
    {"Westfield Road", "Westfield"},
    {"Northgate", "Northgate"},
    {"Southgate Street", "Priory"},
    {"Friar Lane", "Priory"},
    {"Monks Walk", "Abbey"},
    {"Cloister Way", "Priory"},
    {"Chapel Street", "St Peter's"},
    {"School Lane", {}},
    {"Vicarage Close", "St Peter's"},
    {"Rectory Gardens", "St Peter's"},
    {"Glebe Road", {}},
    {"Kingsmead Avenue", "Kingsmead"},
    {"Riverside Walk", "Riverside"},
    {"Wharf Street", "Riverside"},
    {"Canal Side", "Riverside"},
    {"Lock Keepers Close", "Riverside"},
    {"Bridge Street", "Riverside"},
    {"Ferry Lane", "Riverside"},
    {"Weir Close", "Riverside"},
    {"Thornby Road", "Thornby and Wold"},
    {"Wold View", "Thornby and Wold"},
    {"Hillcrest Rise", "Castle Hill"},
    {"Moorland Drive", "Brackenfield"},
    {"Heather Close", "Brackenfield"},
    {"Bracken Way", "Brackenfield"},
    {"Fernlea Crescent", "Brackenfield"},
    {"Ashcombe Road", "Ashcombe Vale"},
    {"Combe Lane", "Ashcombe Vale"},
    {"Netherby Lane", "Netherby"},
    {"Fenwick Road", "Fenwick Green"},
    {"Greenacres", "Netherby"},
    {"Coronation Avenue", "Kingsmead"},
    {"Jubilee Close", "Kingsmead"},
    {"Festival Road", {}},
    {"Windsor Crescent", "Kingsmead"},
    {"Balmoral Close", "Kingsmead"},
    {"Sandringham Road", "Kingsmead"},
    {"Osborne Terrace", "Kingsmead"},
    {"Albert Street", {}},
    {"Gladstone Terrace", {}},
    {"Wellington Street", {}},
    {"Nelson Street", {}},
    {"Trafalgar Road", {}},
    {"Waterloo Road", {}},
    {"Cromwell Road", {}},
    {"Tudor Close", "Castle Hill"},
    {"Stuart Avenue", "Castle Hill"},
    {"Hanover Road", {}},
    {"Spencer Street", {}},
    {"Howard Road", {}},
    {"Cavendish Close", {}},
    {"Russell Street", {}},
    {"Paddock Close", "Ashcombe Vale"},
    {"Stable Yard", "Ashcombe Vale"},
    {"Farm Lane", "Brackenfield"},
    {"Barley Croft", "Ashcombe Vale"},
    {"Wheatfield Drive", "Netherby"},
    {"Haymarket", {}},
    {"Cornhill", {}},
    {"Market Place", {}},
    {"Sheep Street", {}},
    {"Tanners Lane", "Millbrook"},
    {"Weavers Close", "Millbrook"},
    {"Hosiery Street", "Millbrook"},
    {"Foundry Lane", {}},
    {"Brickyard Road", {}},
    {"Kiln Close", {}},
    {"Railway Terrace", "Northgate"},
    {"Signal Way", "Northgate"},
    {"Goods Yard Close", "Northgate"},
    {"Bluebell Close", "Westfield"},
    {"Primrose Hill", "Westfield"},
    {"Foxglove Road", "Westfield"},
    {"Cowslip Lane", "Westfield"},
    {"Lavender Way", {}},
    {"Honeysuckle Close", {}},
    {"Kestrel Rise", "Fenwick Green"},
    {"Heron Way", "Fenwick Green"},
    {"Kingfisher Close", "Fenwick Green"},
    {"Swallow Drive", "Fenwick Green"},
    {"Lark Rise", "Fenwick Green"},
    {"Robin Hood Way", {}},
    {"St Peter's Road", "St Peter's"},
    {"St Mary's Close", "St Peter's"},
    {"Pinfold Gate", "Thornby and Wold"},
    {"Town Street", "Thornby and Wold"},
    {"Long Row", "Netherby"},
    {"Back Lane", "Thornby and Wold"},
    {"Abbey Road", "Abbey"},
};

// Centres are spread over a made-up patch of the East Midlands; see generator.cpp for the
// anchor point.
constexpr WardPlace kWardPlaces[] = {
    {"Abbey", "Eastmoor", "EM1", 0.0, 0.3, 0.7, 1.2, "Abbey Court"},
    {"Castle Hill", "Eastmoor", "EM1", 0.9, 1.1, 0.7, 1.1, "Keep House"},
    {"Millbrook", "Eastmoor", "EM2", -1.2, -0.6, 0.8, 1.3, "Millbrook Court"},
    {"St Peter's", "Eastmoor", "EM2", 0.6, -1.0, 0.7, 1.0, "Vicarage Court"},
    {"Westfield", "Eastmoor", "EM3", -2.3, 0.5, 0.9, 1.2, "Westfield House"},
    {"Northgate", "Eastmoor", "EM4", 0.2, 2.2, 0.8, 1.1, "Gatehouse Court"},
    {"Priory", "Eastmoor", "EM4", 1.8, -0.2, 0.8, 1.0, "Cloister Court"},
    {"Kingsmead", "Hallam Bridge", "EM5", 6.5, -4.0, 0.9, 0.9, "Kingsmead Lodge"},
    {"Riverside", "Hallam Bridge", "EM5", 7.4, -4.8, 0.8, 0.8, "Wharf Court"},
    {"Thornby and Wold", "Thornby", "EM6", -7.5, 6.0, 1.6, 0.6, "Wold View House"},
    {"Brackenfield", "Brackenfield", "EM7", 9.0, 5.5, 1.3, 0.6, "Fernlea Court"},
    {"Ashcombe Vale", "Ashcombe", "EM8", -5.5, -7.0, 1.4, 0.7, "Combe House"},
    {"Netherby", "Netherby", "EM9", 3.5, 9.0, 1.2, 0.5, "Orchard Court"},
    {"Fenwick Green", "Fenwick", "EM9", -10.0, -1.5, 1.2, 0.5, "Green Lodge"},
};

constexpr ReferringPartner kReferringPartners[] = {
    {"Age UK Eastmoor"},
    {"Eastmoor Citizens Advice"},
    {"Eastmoor Community Voluntary Service"},
    {"Millbrook Medical Centre (social prescriber)"},
    {"Castle Hill Surgery (practice nurse)"},
    {"Royal Eastmoor Hospital discharge team"},
    {"Eastshire Fire and Rescue Service (Safe and Well)"},
    {"Eastmoor Food Bank"},
    {"Eastmoor Homes tenancy sustainment team"},
    {"Eastshire County Council Adult Social Care"},
    {"Eastshire Police neighbourhood team"},
    {"Hearing Loss Support Eastmoor"},
    {"Thornby Good Neighbours"},
    {"Eastmoor Carers' Centre"},
    {"St Peter's Church lunch club"},
};

const PartnerService kPartnerServices[] = {
    {v1::PARTNER_CITIZENS_ADVICE,
     "Eastmoor Citizens Advice",
     {"Debt advice: council tax and energy arrears", "Help with a benefits appeal",
      "Pension Credit claim and backdating"}},
    {v1::PARTNER_COMMUNITY_VOLUNTARY_SERVICE,
     "Eastmoor Community Voluntary Service",
     {"Volunteer driver for hospital appointments", "Shopping support while recovering",
      "Garden tidy by volunteers"}},
    {v1::PARTNER_AGE_UK,
     "Age UK Eastmoor",
     {"Attendance Allowance claim support", "Handyperson for grab rails and key safe",
      "Day centre place two days a week"}},
    {v1::PARTNER_HOUSING_OPTIONS,
     "Eastmoor Housing Options",
     {"Damp and mould: landlord not responding", "Advice on moving to sheltered housing",
      "Disabled facilities grant for a level-access shower"}},
    {v1::PARTNER_COUNCIL_TAX_SUPPORT,
     "Council Tax Support team",
     {"Single person discount not applied", "Council Tax Support claim after bereavement",
      "Affordable repayment plan for arrears"}},
    {v1::PARTNER_ADULT_SOCIAL_CARE,
     "Eastshire County Council Adult Social Care",
     {"Care needs assessment: struggling with washing and dressing",
      "Carer's assessment: resident cares for a partner with dementia",
      "Occupational therapy assessment for stairs and bathing"}},
    {v1::PARTNER_HEARING_LOSS_SUPPORT,
     "Hearing Loss Support Eastmoor",
     {"Hearing aid maintenance and new batteries", "Amplified phone and flashing doorbell",
      "Lip-reading class at the library"}},
    {v1::PARTNER_DIGITAL_INCLUSION,
     "Eastmoor Libraries digital buddies",
     {"Tablet loan and help to video-call family", "Help to book GP appointments online",
      "Set up online council tax account"}},
    {v1::PARTNER_FIRE_AND_RESCUE_SAFE_AND_WELL,
     "Eastshire Fire and Rescue Service (Safe and Well)",
     {"Smoke alarms not working", "Uses candles and a portable heater",
      "Hoarding: fire risk in the hallway"}},
    {v1::PARTNER_FOOD_BANK,
     "Eastmoor Food Bank",
     {"Emergency food parcel, delivered", "Food parcel while waiting for Pension Credit",
      "Food and toiletries until benefits are sorted"}},
    {v1::PARTNER_BEFRIENDING,
     "Eastmoor Befriending Network",
     {"Weekly befriending phone call", "Befriending visits: lonely since bereavement",
      "Lunch club with transport"}},
    {v1::PARTNER_ASSISTED_WASTE_COLLECTION,
     "Eastmoor Waste Services",
     {"Cannot get the bins to the kerb", "Assisted collection after a hip operation",
      "Bins missed repeatedly: needs assisted collection"}},
};

constexpr v1::Urgency R = v1::URGENCY_ROUTINE;
constexpr v1::Urgency S = v1::URGENCY_SOON;
constexpr v1::Urgency U = v1::URGENCY_URGENT;

constexpr Concern kConcerns[] = {
    {"Struggling with council tax arrears since {possessive} {spouse} died",
     "council tax and benefits check", "council_tax", R},
    {"Lives alone, hard of hearing, missed the last three bin collections",
     "assisted bin collection and hearing support", "waste", R, ConcernFit::HearingLoss},
    {"Neighbour worried: curtains closed for days and post piling up behind the door",
     "welfare check", "health_and_wellbeing", U},
    {"Discharged from Royal Eastmoor Hospital after a fall; no one at home to help with shopping",
     "welfare check after hospital discharge", "health_and_wellbeing", S},
    {"Heating not on; says {pronoun} cannot afford to top up the meter", "heating and fuel costs",
     "benefits_and_money", U},
    {"Recently bereaved and not coping with the paperwork", "bereavement support and paperwork",
     "health_and_wellbeing", R},
    {"Daughter lives in Scotland and is worried {pronoun} is not eating properly",
     "welfare check and food support", "benefits_and_money", S},
    {"Has stopped going to the lunch club and sounds low on the phone",
     "loneliness and befriending", "health_and_wellbeing", R},
    {"Received a court summons for council tax and is very anxious about it", "council tax arrears",
     "council_tax", S},
    {"Caring for {possessive} {spouse}, who has dementia, and is exhausted", "carer support",
     "health_and_wellbeing", R},
    {"Smoke alarm not working; using candles since the electricity was cut off", "home fire safety",
     "health_and_wellbeing", U},
    {"Struggling with stairs; the bathroom is upstairs and {pronoun} has been washing at the "
     "kitchen sink",
     "adaptations and mobility", "housing", R},
    {"Cannot get to the GP and does not use the internet to book appointments",
     "getting online and health appointments", "digital_inclusion", R},
    {"Letters from the council not being opened; {possessive} sight is getting worse",
     "sight loss and post", "health_and_wellbeing", R, ConcernFit::SightLoss},
    {"Housing Benefit stopped after a change of circumstances; rent arrears building",
     "housing costs and benefits", "benefits_and_money", S},
    {"Garden badly overgrown and neighbours complaining; {pronoun} cannot manage it any more",
     "practical help at home", "health_and_wellbeing", R},
    {"Possible doorstep scam: a man offered roof repairs and took a £400 deposit", "scam awareness",
     "health_and_wellbeing", S},
    {"Damp and mould in the bedroom; landlord not responding", "damp and housing conditions",
     "housing", R},
    {"Hard of hearing and cannot use the phone; relies on neighbours to make calls",
     "hearing loss support", "hearing_loss", R, ConcernFit::HearingLoss},
    {"Memory getting worse; left the gas on twice, according to {possessive} son",
     "memory concerns and home safety", "health_and_wellbeing", S},
    {"Not claiming Attendance Allowance despite needing help with washing and dressing",
     "benefits check (Attendance Allowance)", "benefits_and_money", R},
    {"Thinks {possessive} Pension Credit has stopped and has lost the letter",
     "Pension Credit check", "benefits_and_money", R},
    {"Wants help to apply for a Blue Badge and a bus pass", "Blue Badge and travel",
     "health_and_wellbeing", R},
    {"Recently moved into sheltered housing and does not know anyone yet",
     "settling in and befriending", "health_and_wellbeing", R, ConcernFit::Sheltered},
    {"Food cupboards nearly empty; asked the contact centre about food banks", "food support",
     "benefits_and_money", S},
    {"Water bill has doubled and {pronoun} is worried about paying it", "household bills",
     "benefits_and_money", R},
    {"Speaks little English; a relative rang on {possessive} behalf about a benefits letter",
     "benefits letter, with interpreter", "benefits_and_money", R, ConcernFit::Interpreter},
    {"Small kitchen fire last month; fire service suggested a Safe and Well visit",
     "fire safety follow-up", "health_and_wellbeing", S},
    {"Unpaid carer for an adult son with learning disabilities; worried about what happens if "
     "{pronoun} falls ill",
     "carer support and planning ahead", "health_and_wellbeing", R},
    {"Fell in the garden and lay there for hours before being found; has no pendant alarm",
     "falls and telecare", "health_and_wellbeing", S},
    {"Confused by the online form for the council tax single person discount",
     "council tax discount", "council_tax", R},
    {"Bins not being put out; asked about an assisted collection", "assisted bin collection",
     "waste", R},
    {"Cannot afford repairs to the front steps, which are now unsafe", "home repairs and safety",
     "housing", R},
    {"Grandson has moved in and a neighbour says {pronoun} seems frightened of him",
     "welfare check (possible safeguarding)", "health_and_wellbeing", U},
    {"Would like to video-call family abroad but has no device", "getting online",
     "digital_inclusion", R},
    {"Struggling to read bills and letters after a stroke", "help with letters after a stroke",
     "health_and_wellbeing", R},
    {"Rang about a missed bin collection and mentioned {pronoun} had not spoken to anyone for a "
     "week",
     "loneliness check", "health_and_wellbeing", R},
    {"Boiler broken since October and the landlord is slow to repair it", "cold home and repairs",
     "housing", U},
    {"Recently widowed; {possessive} {spouse} used to deal with all the bills",
     "bereavement and managing bills", "benefits_and_money", R},
    {"Concessionary bus pass has expired and {pronoun} does not know how to renew it",
     "bus pass renewal", "health_and_wellbeing", R},
    {"Struggling to manage medication and missed two memory clinic appointments", "memory support",
     "health_and_wellbeing", S},
    {"Has not been out of the house since the winter", "isolation and mobility",
     "health_and_wellbeing", R},
    {"Mobility scooter kept in the hallway, blocking the way out", "home safety", "housing", R},
    {"Behind with energy bills on a prepayment meter", "energy bills and debt advice",
     "benefits_and_money", S},
    {"Worried by a letter about moving from Housing Benefit to Universal Credit",
     "Universal Credit move", "benefits_and_money", R},
    {"Sight loss: can no longer read the meter or the post; wants large print letters",
     "sight loss support", "health_and_wellbeing", R, ConcernFit::SightLoss},
    {"Mice in the kitchen and cannot afford pest control", "pest control and home conditions",
     "housing", R},
    {"Son abroad asked us to check in; {pronoun} has had several falls this year",
     "welfare check and falls", "health_and_wellbeing", S},
    {"Hoarding reported by the housing officer; neighbours worried about fire risk",
     "hoarding and fire risk", "health_and_wellbeing", S},
    {"Lost weight and seems confused, according to the pharmacist", "welfare check",
     "health_and_wellbeing", S},
};

using K = v1::ContactKind;
constexpr ContactPurpose Arrange = ContactPurpose::ArrangeVisit;
constexpr ContactPurpose Any = ContactPurpose::AnyTime;
constexpr ContactPurpose Before = ContactPurpose::BeforeVisit;
constexpr ContactPurpose After = ContactPurpose::AfterVisit;

constexpr v1::Partner kCitizensAdvice = v1::PARTNER_CITIZENS_ADVICE;
constexpr v1::Partner kCouncilTax = v1::PARTNER_COUNCIL_TAX_SUPPORT;
constexpr v1::Partner kFoodBank = v1::PARTNER_FOOD_BANK;

constexpr ContactTemplate kContactTemplates[] = {
    {K::CONTACT_KIND_PHONE, false, Arrange,
     "Rang {title} to arrange a visit; agreed {date} at {time}."},
    {K::CONTACT_KIND_PHONE, false, Arrange,
     "Phoned to book a visit for {date} at {time}. {Pronoun} asked us to knock loudly."},
    {K::CONTACT_KIND_PHONE, false, Arrange,
     "Spoke to {possessive} daughter, who will be there for the visit on {date} at {time}."},
    {K::CONTACT_KIND_PHONE, true, Arrange,
     "{title} rang back to accept a visit on {date} at {time}."},
    {K::CONTACT_KIND_TEXT, false, Arrange,
     "Text sent offering a visit on {date} at {time}; {title} replied to confirm."},
    {K::CONTACT_KIND_TEXT, false, Arrange,
     "Texted to confirm the visit on {date} at {time} and that the officer will knock and wait."},
    {K::CONTACT_KIND_VIDEO_CALL, false, Arrange,
     "Video call with {title}, captions on, to arrange a visit on {date} at {time}."},
    {K::CONTACT_KIND_LETTER, false, Arrange,
     "Letter sent confirming the visit on {date} at {time}."},
    {K::CONTACT_KIND_EMAIL, false, Arrange, "Emailed to confirm the visit on {date} at {time}."},

    {K::CONTACT_KIND_PHONE, true, Any,
     "{Possessive} son rang worried about a council tax letter. Explained the payment plan."},
    {K::CONTACT_KIND_PHONE, false, Any,
     "No answer. Left a voicemail with the service's direct number."},
    {K::CONTACT_KIND_TEXT, true, Any,
     "{title} texted asking if someone could help with a letter from the DWP."},
    {K::CONTACT_KIND_TEXT, false, Before,
     "Text sent introducing the Home Visiting Service and asking {title} to reply."},
    {K::CONTACT_KIND_VIDEO_CALL, false, Any,
     "Video call to go through the Blue Badge form together, captions on."},
    {K::CONTACT_KIND_VIDEO_CALL, false, Any,
     "Video call with {title}, captions on, to explain the new council tax bill."},
    {K::CONTACT_KIND_LETTER, false, Before,
     "Letter sent explaining the referral and asking {title} to ring or text us."},
    {K::CONTACT_KIND_LETTER, false, Before,
     "Letter sent with the service's contact details and what happens at a home visit."},
    {K::CONTACT_KIND_EMAIL, true, Any,
     "Email from {possessive} daughter asking for an update; replied with the resident's consent."},
    {K::CONTACT_KIND_IN_PERSON, true, Any,
     "{title} called in at the council offices in Eastmoor with a council tax letter."},

    {K::CONTACT_KIND_PHONE, false, After,
     "Rang to see how {pronoun} is getting on; all fine, no new concerns."},
    {K::CONTACT_KIND_PHONE, true, After, "{title} rang to say thank you for the visit."},
    {K::CONTACT_KIND_PHONE, true, After,
     "{title} rang to say {partner} had been in touch and it went well."},
    {K::CONTACT_KIND_TEXT, false, After,
     "Texted to check {partner} had been in touch; {title} replied that they had."},
    {K::CONTACT_KIND_LETTER, false, After, "Letter sent with a summary of the agreed actions."},
    {K::CONTACT_KIND_LETTER, true, After,
     "Letter from {title} thanking the officer and asking about the bus pass."},
    {K::CONTACT_KIND_VIDEO_CALL, false, After,
     "Video call with {title}, captions on, to see how things are since the visit."},
    {K::CONTACT_KIND_EMAIL, false, After,
     "Emailed {title} a copy of the agreed actions, as {pronoun} asked."},
    {K::CONTACT_KIND_PHONE, false, After,
     "Called {title} about the Attendance Allowance claim; still waiting for a decision.",
     kCitizensAdvice},
    {K::CONTACT_KIND_PHONE, true, After,
     "{title} rang asking for the Citizens Advice number again. Given, and sent by letter.",
     kCitizensAdvice},
    {K::CONTACT_KIND_LETTER, false, After,
     "Letter sent with the Pension Credit claim reference and what happens next.", kCitizensAdvice},
    {K::CONTACT_KIND_EMAIL, false, After,
     "Emailed the claim reference to {possessive} son, with the resident's consent.",
     kCitizensAdvice},
    {K::CONTACT_KIND_TEXT, false, After,
     "Text reminder sent about the new council tax payment dates.", kCouncilTax},
    {K::CONTACT_KIND_TEXT, true, After, "{title} texted to say the food parcel has arrived.",
     kFoodBank},
};

constexpr NeedNote kNeedNotes[] = {
    {NeedNoteKind::Hearing,
     "Wears hearing aids: face {object} and speak clearly; no need to shout."},
    {NeedNoteKind::Hearing, "Lip-reads: sit in good light and keep your face uncovered."},
    {NeedNoteKind::Hearing, "Cannot hear the doorbell; text when you arrive."},
    {NeedNoteKind::Hearing, "Uses a hearing loop at home and Relay UK for phone calls."},
    {NeedNoteKind::Sight, "Needs letters in 16pt or larger."},
    {NeedNoteKind::Sight, "Registered blind; read documents aloud and explain before signing."},
    {NeedNoteKind::Sight, "Macular degeneration: cannot read forms; prefers phone calls."},
    {NeedNoteKind::Interpreter,
     "Book a professional {language} interpreter; do not rely on family for money matters."},
    {NeedNoteKind::Interpreter,
     "Grandson speaks English and can help arrange visits; use a {language} interpreter at the "
     "visit."},
    {NeedNoteKind::General, "Ring and wait: takes a few minutes to reach the door."},
    {NeedNoteKind::General, "Prefers calls after 10am."},
    {NeedNoteKind::General, "Daughter helps with letters; happy for us to speak to her."},
    {NeedNoteKind::General, "Please use the back door; the front door sticks."},
};

using RK = v1::RiskKind;
constexpr RiskNote kRiskNotes[] = {
    {RK::RISK_KIND_DOG_AT_PROPERTY,
     "Large dog, friendly but jumps up; resident will shut it in the kitchen if asked."},
    {RK::RISK_KIND_DOG_AT_PROPERTY, "Two dogs: ring ahead so they can be put away."},
    {RK::RISK_KIND_TWO_PERSON_VISIT,
     "Two-person visit: a family member at the address has been aggressive to staff."},
    {RK::RISK_KIND_TWO_PERSON_VISIT, "Two-person visit only, on police advice."},
    {RK::RISK_KIND_VERBAL_AGGRESSION,
     "Son can be verbally aggressive in the afternoons; visit in the morning."},
    {RK::RISK_KIND_VERBAL_AGGRESSION,
     "Became verbally abusive at the last visit when money came up; stay calm and leave if "
     "needed."},
    {RK::RISK_KIND_HOARDING,
     "Hoarding: narrow paths through rooms and a fire risk. Do not go upstairs."},
    {RK::RISK_KIND_HOARDING, "Hoarding in the hallway; the side door is the usual way in."},
    {RK::RISK_KIND_SMOKER, "Heavy smoker; ask for a window to be opened."},
    {RK::RISK_KIND_SMOKER, "Smokes indoors; offer a doorstep visit if you have asthma."},
    {RK::RISK_KIND_ACCESS_DIFFICULT, "Steep front steps with no handrail; use the side gate."},
    {RK::RISK_KIND_ACCESS_DIFFICULT, "Third-floor flat and the lift is often out of order."},
    {RK::RISK_KIND_ACCESS_DIFFICULT,
     "Farm track, poor mobile signal: tell the office when you arrive and leave."},
};

constexpr NoteTemplate kNoteTemplates[] = {
    {"Neighbour at number {neighbour} holds a spare key.", false},
    {"GP surgery confirmed {title} is housebound.", false},
    {"Checked the council tax account: single person discount not applied. Passed to Council Tax "
     "Support.",
     false},
    {"In hospital (Royal Eastmoor, Ward 12), according to a neighbour. Contact on hold.", false},
    {"Home from hospital; district nurse visiting daily.", false},
    {"Tried to ring twice, no answer. Will try again tomorrow.", false},
    {"{Possessive} son asked for updates by email; consent confirmed with {title}.", false},
    {"Read the memory clinic appointment letter through with {title} over the phone.", false},

    {"{partner} confirmed they have been in touch with {title}.", true},
    {"Chased {partner} about the referral; they will ring {title} this week.", true},
    {"Blue Badge application submitted with the resident.", true},
    {"Warm Home Discount checked: already receiving it.", true},
    {"Helped {object} ask the DWP for more time on the Universal Credit move.", true},
    {"Household Support Fund application made.", true},
    {"{title} asked when the Attendance Allowance decision will come. Explained it can take up to "
     "eight weeks.",
     true, kCitizensAdvice},
    {"Pension Credit claim made by phone with {title} on speaker; reference on file.", true,
     kCitizensAdvice},
    {"Citizens Advice appointment booked for debt advice.", true, kCitizensAdvice},
    {"Age UK confirmed a befriending volunteer has been matched.", true, v1::PARTNER_AGE_UK},
    {"Handyperson booked to fit a rail by the front step.", true, v1::PARTNER_AGE_UK},
    {"Assisted bin collection set up from next week.", true, v1::PARTNER_ASSISTED_WASTE_COLLECTION},
    {"Food bank voucher issued; parcel delivered by volunteers.", true, kFoodBank},
    {"Large print set on the council tax account.", true, kCouncilTax},
    {"Council tax arrears: payment plan of £10 a week agreed.", true, kCouncilTax},
    {"Fire service Safe and Well visit booked.", true, v1::PARTNER_FIRE_AND_RESCUE_SAFE_AND_WELL},
    {"Safe and Well visit done by the fire service: two new smoke alarms fitted.", true,
     v1::PARTNER_FIRE_AND_RESCUE_SAFE_AND_WELL},
    {"Housing Options confirmed the damp inspection is booked.", true, v1::PARTNER_HOUSING_OPTIONS},
    {"Landlord contacted about the boiler; engineer booked for Thursday.", true,
     v1::PARTNER_HOUSING_OPTIONS},
    {"Library tablet loan arranged through the digital buddies scheme.", true,
     v1::PARTNER_DIGITAL_INCLUSION},
    {"Befriending calls now weekly on Tuesday mornings.", true, v1::PARTNER_BEFRIENDING},
    {"Occupational therapist visited; bath board and perching stool on order.", true,
     v1::PARTNER_ADULT_SOCIAL_CARE},
    {"Key safe fitted; code held by the care agency.", true, v1::PARTNER_ADULT_SOCIAL_CARE},
    {"Hearing Loss Support fitted a flashing doorbell and an amplified phone.", true,
     v1::PARTNER_HEARING_LOSS_SUPPORT},
    {"Volunteer driver booked for {possessive} hospital appointment.", true,
     v1::PARTNER_COMMUNITY_VOLUNTARY_SERVICE},
};

constexpr std::string_view kResidentSituations[] = {
    "managing day to day but finding money tight",
    "coping, with a lot of help from family",
    "lonely since {possessive} {spouse} died",
    "finding the stairs hard and worried about falling",
    "cheerful but struggling with letters and forms",
    "anxious about bills and not sleeping well",
    "keen to stay independent at home",
    "much better since coming home from hospital",
    "low in mood and not going out much",
    "well supported by neighbours but has no family nearby",
};

// Things an officer does at most visits, whatever was discussed; what is specific to the visit
// comes from the checklist and the referrals made.
constexpr std::string_view kOutcomeActions[] = {
    "Left the service's contact card and information pack",
    "Tested smoke alarms: both working",
    "Gave advice on doorstep scams and the trusted trader scheme",
    "Gave the warm spaces leaflet for the winter",
    "Agreed next steps with {title}",
    "Checked {title} knows how to contact the service",
    "Explained what each referral involves and how long it may take",
    "Gave information about local lunch clubs and community transport",
    "Updated contact details and contact preferences on the case",
};

constexpr std::string_view kFollowUpNotes[] = {
    "Ring in two weeks to see how things are going.",
    "Check in a month that the agreed actions have happened.",
    "Book a second visit in about six weeks.",
    "Call {title} after {possessive} hospital appointment next month.",
};

constexpr FollowUpComment kFollowUpComments[] = {
    {5, "Very happy: said the officer was lovely and sorted everything out."},
    {5, "Said the visit made a real difference and {pronoun} feels less on {possessive} own."},
    {5, "Delighted with the help; would recommend the service to friends."},
    {4, "Happy overall; still waiting to hear back from one of the referrals."},
    {4, "Pleased with the help, would have liked the visit sooner."},
    {3, "OK, but felt the visit was rushed."},
    {3, "Some things sorted; still worried about the bills."},
    {2, "Unhappy that nothing seemed to happen for three weeks after the visit."},
    {1, "Unhappy: nobody called back as promised."},
    {0, "No answer after three attempts; letter sent instead."},
    {0, "Number not recognised; letter sent asking the resident to call us."},
};

constexpr std::string_view kSafeguardingDetails[] = {
    "Resident said a family member takes {possessive} pension every week. Passed to the "
    "safeguarding lead the same day.",
    "Found {object} confused in a very cold house with no food in. Called the safeguarding lead "
    "and the adult social care duty team.",
    "Possible financial abuse: a new 'friend' has been taking {object} to the bank.",
    "Unexplained bruising on {possessive} arms; seemed frightened to talk while {possessive} "
    "grandson was in the room.",
    "Severe self-neglect: hoarding blocking the exits and no working toilet.",
    "Said {pronoun} no longer wanted to live; stayed until the crisis team rang back.",
};

constexpr NoteTemplate kClosingReasons[] = {
    {"Case closed: resident declined a visit and knows how to contact us if things change.", false},
    {"Case closed: all agreed actions done and the resident is happy with the support.", true},
    {"Case closed: resident declined further support and knows how to contact us again.", true},
    {"Case closed: resident has moved to live with family outside the district.", true},
    {"Case closed: resident has moved into a care home.", true},
    {"Case closed: now supported by Adult Social Care.", true, v1::PARTNER_ADULT_SOCIAL_CARE},
    {"Case closed: benefits in payment and bills under control.", true, kCitizensAdvice},
    {"Case closed: befriending in place, no further action.", true, v1::PARTNER_BEFRIENDING},
};

constexpr std::string_view kNoAccessNotes[] = {
    "No answer at the door; calling card left. Neighbour says {pronoun} is at the day centre "
    "on Thursdays.",
    "No answer; curtains open and the radio on. Rang from the doorstep, no reply. Will rebook.",
    "No access: {pronoun} was at a hospital appointment and had forgotten the visit.",
    "Could not get into the block; door entry broken. Card left with the warden.",
};

constexpr std::string_view kCancellationReasons[] = {
    "Cancelled: resident admitted to hospital.",
    "Cancelled at the resident's request; {pronoun} is unwell. Will rebook.",
    "Cancelled: officer off sick; resident told and visit rebooked.",
    "Cancelled: family visiting that day; resident asked to rebook.",
};

} // namespace

std::span<const GivenName> givenNames()
{
    return kGivenNames;
}
std::span<const Surname> surnames()
{
    return kSurnames;
}
std::span<const CommunityShare> communityShares()
{
    return kCommunityShares;
}
std::span<const InterpreterLanguage> interpreterLanguages()
{
    return kInterpreterLanguages;
}
std::span<const Street> streets()
{
    return kStreets;
}
std::span<const WardPlace> wardPlaces()
{
    return kWardPlaces;
}
std::span<const ReferringPartner> referringPartners()
{
    return kReferringPartners;
}
std::span<const PartnerService> partnerServices()
{
    return kPartnerServices;
}
std::span<const Concern> referralConcerns()
{
    return kConcerns;
}
std::span<const ContactTemplate> contactTemplates()
{
    return kContactTemplates;
}
std::span<const NeedNote> needNotes()
{
    return kNeedNotes;
}
std::span<const RiskNote> riskNotes()
{
    return kRiskNotes;
}
std::span<const NoteTemplate> noteTemplates()
{
    return kNoteTemplates;
}
std::span<const std::string_view> residentSituations()
{
    return kResidentSituations;
}
std::span<const std::string_view> outcomeActions()
{
    return kOutcomeActions;
}
std::span<const std::string_view> followUpNotes()
{
    return kFollowUpNotes;
}
std::span<const FollowUpComment> followUpComments()
{
    return kFollowUpComments;
}
std::span<const std::string_view> safeguardingDetails()
{
    return kSafeguardingDetails;
}
std::span<const NoteTemplate> closingReasons()
{
    return kClosingReasons;
}
std::span<const std::string_view> noAccessNotes()
{
    return kNoAccessNotes;
}
std::span<const std::string_view> cancellationReasons()
{
    return kCancellationReasons;
}

std::string asciiLetters(std::string_view utf8)
{
    // Polish letters in the name lists, as UTF-8, and their plain forms.
    static constexpr std::array<std::pair<std::string_view, char>, 18> kFolds = {{
        {"ą", 'a'},
        {"ć", 'c'},
        {"ę", 'e'},
        {"ł", 'l'},
        {"ń", 'n'},
        {"ó", 'o'},
        {"ś", 's'},
        {"ź", 'z'},
        {"ż", 'z'},
        {"Ą", 'a'},
        {"Ć", 'c'},
        {"Ę", 'e'},
        {"Ł", 'l'},
        {"Ń", 'n'},
        {"Ó", 'o'},
        {"Ś", 's'},
        {"Ź", 'z'},
        {"Ż", 'z'},
    }};
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            if (std::isalpha(c)) {
                out.push_back(static_cast<char>(std::tolower(c)));
            }
            ++i;
            continue;
        }
        bool folded = false;
        for (const auto &[from, to] : kFolds) {
            if (utf8.substr(i, from.size()) == from) {
                out.push_back(to);
                i += from.size();
                folded = true;
                break;
            }
        }
        if (!folded) {
            // Skip the whole unknown code point.
            ++i;
            while (i < utf8.size() && (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80) {
                ++i;
            }
        }
    }
    return out;
}

} // namespace doorstep::demo
