package screening

// isoCountries is ISO 3166-1: alpha-2, alpha-3 and the English short name,
// one country per line.
const isoCountries = `AF AFG Afghanistan
AX ALA Aland Islands
AL ALB Albania
DZ DZA Algeria
AS ASM American Samoa
AD AND Andorra
AO AGO Angola
AI AIA Anguilla
AQ ATA Antarctica
AG ATG Antigua and Barbuda
AR ARG Argentina
AM ARM Armenia
AW ABW Aruba
AU AUS Australia
AT AUT Austria
AZ AZE Azerbaijan
BS BHS Bahamas
BH BHR Bahrain
BD BGD Bangladesh
BB BRB Barbados
BY BLR Belarus
BE BEL Belgium
BZ BLZ Belize
BJ BEN Benin
BM BMU Bermuda
BT BTN Bhutan
BO BOL Bolivia
BQ BES Bonaire, Sint Eustatius and Saba
BA BIH Bosnia and Herzegovina
BW BWA Botswana
BV BVT Bouvet Island
BR BRA Brazil
IO IOT British Indian Ocean Territory
BN BRN Brunei Darussalam
BG BGR Bulgaria
BF BFA Burkina Faso
BI BDI Burundi
CV CPV Cabo Verde
KH KHM Cambodia
CM CMR Cameroon
CA CAN Canada
KY CYM Cayman Islands
CF CAF Central African Republic
TD TCD Chad
CL CHL Chile
CN CHN China
CX CXR Christmas Island
CC CCK Cocos (Keeling) Islands
CO COL Colombia
KM COM Comoros
CG COG Congo
CD COD Democratic Republic of the Congo
CK COK Cook Islands
CR CRI Costa Rica
CI CIV Cote d'Ivoire
HR HRV Croatia
CU CUB Cuba
CW CUW Curacao
CY CYP Cyprus
CZ CZE Czechia
DK DNK Denmark
DJ DJI Djibouti
DM DMA Dominica
DO DOM Dominican Republic
EC ECU Ecuador
EG EGY Egypt
SV SLV El Salvador
GQ GNQ Equatorial Guinea
ER ERI Eritrea
EE EST Estonia
SZ SWZ Eswatini
ET ETH Ethiopia
FK FLK Falkland Islands
FO FRO Faroe Islands
FJ FJI Fiji
FI FIN Finland
FR FRA France
GF GUF French Guiana
PF PYF French Polynesia
TF ATF French Southern Territories
GA GAB Gabon
GM GMB Gambia
GE GEO Georgia
DE DEU Germany
GH GHA Ghana
GI GIB Gibraltar
GR GRC Greece
GL GRL Greenland
GD GRD Grenada
GP GLP Guadeloupe
GU GUM Guam
GT GTM Guatemala
GG GGY Guernsey
GN GIN Guinea
GW GNB Guinea-Bissau
GY GUY Guyana
HT HTI Haiti
HM HMD Heard Island and McDonald Islands
VA VAT Holy See
HN HND Honduras
HK HKG Hong Kong
HU HUN Hungary
IS ISL Iceland
IN IND India
ID IDN Indonesia
IR IRN Iran
IQ IRQ Iraq
IE IRL Ireland
IM IMN Isle of Man
IL ISR Israel
IT ITA Italy
JM JAM Jamaica
JP JPN Japan
JE JEY Jersey
JO JOR Jordan
KZ KAZ Kazakhstan
KE KEN Kenya
KI KIR Kiribati
KP PRK North Korea
KR KOR South Korea
KW KWT Kuwait
KG KGZ Kyrgyzstan
LA LAO Laos
LV LVA Latvia
LB LBN Lebanon
LS LSO Lesotho
LR LBR Liberia
LY LBY Libya
LI LIE Liechtenstein
LT LTU Lithuania
LU LUX Luxembourg
MO MAC Macao
MG MDG Madagascar
MW MWI Malawi
MY MYS Malaysia
MV MDV Maldives
ML MLI Mali
MT MLT Malta
MH MHL Marshall Islands
MQ MTQ Martinique
MR MRT Mauritania
MU MUS Mauritius
YT MYT Mayotte
MX MEX Mexico
FM FSM Micronesia
MD MDA Moldova
MC MCO Monaco
MN MNG Mongolia
ME MNE Montenegro
MS MSR Montserrat
MA MAR Morocco
MZ MOZ Mozambique
MM MMR Myanmar
NA NAM Namibia
NR NRU Nauru
NP NPL Nepal
NL NLD Netherlands
NC NCL New Caledonia
NZ NZL New Zealand
NI NIC Nicaragua
NE NER Niger
NG NGA Nigeria
NU NIU Niue
NF NFK Norfolk Island
MK MKD North Macedonia
MP MNP Northern Mariana Islands
NO NOR Norway
OM OMN Oman
PK PAK Pakistan
PW PLW Palau
PS PSE Palestine
PA PAN Panama
PG PNG Papua New Guinea
PY PRY Paraguay
PE PER Peru
PH PHL Philippines
PN PCN Pitcairn
PL POL Poland
PT PRT Portugal
PR PRI Puerto Rico
QA QAT Qatar
RE REU Reunion
RO ROU Romania
RU RUS Russia
RW RWA Rwanda
BL BLM Saint Barthelemy
SH SHN Saint Helena
KN KNA Saint Kitts and Nevis
LC LCA Saint Lucia
MF MAF Saint Martin
PM SPM Saint Pierre and Miquelon
VC VCT Saint Vincent and the Grenadines
WS WSM Samoa
SM SMR San Marino
ST STP Sao Tome and Principe
SA SAU Saudi Arabia
SN SEN Senegal
RS SRB Serbia
SC SYC Seychelles
SL SLE Sierra Leone
SG SGP Singapore
SX SXM Sint Maarten
SK SVK Slovakia
SI SVN Slovenia
SB SLB Solomon Islands
SO SOM Somalia
ZA ZAF South Africa
GS SGS South Georgia and the South Sandwich Islands
SS SSD South Sudan
ES ESP Spain
LK LKA Sri Lanka
SD SDN Sudan
SR SUR Suriname
SJ SJM Svalbard and Jan Mayen
SE SWE Sweden
CH CHE Switzerland
SY SYR Syria
TW TWN Taiwan
TJ TJK Tajikistan
TZ TZA Tanzania
TH THA Thailand
TL TLS Timor-Leste
TG TGO Togo
TK TKL Tokelau
TO TON Tonga
TT TTO Trinidad and Tobago
TN TUN Tunisia
TR TUR Turkey
TM TKM Turkmenistan
TC TCA Turks and Caicos Islands
TV TUV Tuvalu
UG UGA Uganda
UA UKR Ukraine
AE ARE United Arab Emirates
GB GBR United Kingdom
US USA United States
UM UMI United States Minor Outlying Islands
UY URY Uruguay
UZ UZB Uzbekistan
VU VUT Vanuatu
VE VEN Venezuela
VN VNM Vietnam
VG VGB British Virgin Islands
VI VIR United States Virgin Islands
WF WLF Wallis and Futuna
EH ESH Western Sahara
YE YEM Yemen
ZM ZMB Zambia
ZW ZWE Zimbabwe
XK XKX Kosovo`

// countryAliases maps other spellings seen on lists (long official names,
// OFAC's "Korea, North" inversions, demonyms) to alpha-3.
var countryAliases = map[string]string{
	"BAHAMAS THE": "BHS", "THE BAHAMAS": "BHS", "BRUNEI": "BRN", "BURMA": "MMR", "CAPE VERDE": "CPV",
	"CHINA HONG KONG SPECIAL ADMINISTRATIVE REGION": "HKG", "CONGO DEMOCRATIC REPUBLIC OF THE": "COD",
	"CONGO REPUBLIC OF THE": "COG", "REPUBLIC OF THE CONGO": "COG", "DRC": "COD", "COTE D IVOIRE": "CIV",
	"IVORY COAST": "CIV", "CZECH REPUBLIC": "CZE", "DEMOCRATIC PEOPLES REPUBLIC OF KOREA": "PRK",
	"KOREA NORTH": "PRK", "DPRK": "PRK", "KOREA SOUTH": "KOR", "REPUBLIC OF KOREA": "KOR", "KOREA": "KOR",
	"IRAN ISLAMIC REPUBLIC OF": "IRN", "ISLAMIC REPUBLIC OF IRAN": "IRN", "LAO PEOPLES DEMOCRATIC REPUBLIC": "LAO",
	"MACAU": "MAC", "MAN ISLE OF": "IMN", "NORTH MACEDONIA THE REPUBLIC OF": "MKD", "MACEDONIA": "MKD",
	"PALESTINIAN": "PSE", "STATE OF PALESTINE": "PSE", "WEST BANK": "PSE", "GAZA": "PSE", "REGION GAZA": "PSE",
	"REGION WEST BANK": "PSE", "RUSSIAN FEDERATION": "RUS", "REGION RUSSIA": "RUS", "REGION CRIMEA": "UKR",
	"SYRIAN ARAB REPUBLIC": "SYR", "THE GAMBIA": "GMB", "GAMBIA THE": "GMB", "TURKIYE": "TUR",
	"UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND": "GBR", "GREAT BRITAIN": "GBR", "UK": "GBR",
	"UNITED REPUBLIC OF TANZANIA": "TZA", "UNITED STATES OF AMERICA": "USA", "USA": "USA", "U S A": "USA",
	"VIET NAM": "VNM", "VIRGIN ISLANDS BRITISH": "VGB", "NETHERLANDS ANTILLES": "ANT", "SWAZILAND": "SWZ",
	"EAST TIMOR": "TLS", "HOLLAND": "NLD", "BOLIVIA PLURINATIONAL STATE OF": "BOL",
	"VENEZUELA BOLIVARIAN REPUBLIC OF": "VEN", "MOLDOVA REPUBLIC OF": "MDA", "REPUBLIC OF MOLDOVA": "MDA",
	"TANZANIA UNITED REPUBLIC OF": "TZA", "MICRONESIA FEDERATED STATES OF": "FSM", "VATICAN": "VAT",
	"AFGHAN": "AFG", "ALGERIAN": "DZA", "BRITISH": "GBR", "CHINESE": "CHN", "CUBAN": "CUB", "EGYPTIAN": "EGY",
	"IRANIAN": "IRN", "IRAQI": "IRQ", "JORDANIAN": "JOR", "KUWAITI": "KWT", "LEBANESE": "LBN", "LIBYAN": "LBY",
	"MOROCCAN": "MAR", "PAKISTANI": "PAK", "RUSSIAN": "RUS", "SAUDI": "SAU", "SOMALI": "SOM", "SUDANESE": "SDN",
	"SYRIAN": "SYR", "TUNISIAN": "TUN", "TURKISH": "TUR", "UKRAINIAN": "UKR", "YEMENI": "YEM", "AMERICAN": "USA",
	"BELARUSIAN": "BLR", "NORTH KOREAN": "PRK", "VENEZUELAN": "VEN", "NICARAGUAN": "NIC", "MEXICAN": "MEX",
	"COLOMBIAN": "COL", "FRENCH": "FRA", "GERMAN": "DEU", "INDIAN": "IND", "EMIRATI": "ARE",
}
