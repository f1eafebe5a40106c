/**
 * Canonical caliber spellings and the ways dealers write them, as regex sources over lowercased text
 * (see `matchText`). Order matters: where two entries can match at the same place, the more specific
 * one comes first (`9mm Makarov` before `9mm`, `.22 WMR` before `.22 LR`...). `.223 Remington` and
 * `5.56 NATO`, `.308 Winchester` and `7.62x51mm` are distinct cartridges and stay distinct entries.
 */
export interface CaliberEntry {
  name: string;
  patterns: string[];
}

const S = "[\\s-]*"; // optional spaces or dashes
const X = "\\s*x\\s*";
const DOT = "\\.?";
const MM = "(?:\\s*mm)?";
const MAG = `mag(?:num)?`;
const REM = `rem(?:ington)?`;
const WIN = `win(?:chester)?`;
const SW = `(?:s\\s*&\\s*w|s\\s*and\\s*w|sw|smith${S}(?:&|and)${S}wesson)`;
/** Not followed by a grain or other unit: keeps bare numbers like `223` from eating `223gr`. */
const NOT_UNIT = `(?!${S}(?:gr|grain|grains|rd|rds|round|rounds|ct|count|wssm|marlin|mx)\\b)`;

const gauge = (n: number): CaliberEntry => ({
  name: `${n} Gauge`,
  patterns: [`${n}${S}(?:gauge|ga|gage)\\.?`],
});

export const CALIBERS: CaliberEntry[] = [
  // rimfire and small centerfire
  { name: ".22-250 Remington", patterns: [`${DOT}22${S}250(?:${S}${REM})?`] },
  { name: ".22 WMR", patterns: [`${DOT}22${S}(?:wmr|${WIN}${S}${MAG}(?:${S}rimfire)?|${MAG}(?:${S}rimfire)?)`] },
  { name: ".22 LR", patterns: [`${DOT}22${S}(?:lr|l\\.r\\.?|long${S}rifle)`] },
  { name: ".22 Short", patterns: [`${DOT}22${S}short`] },
  { name: ".22 Hornet", patterns: [`${DOT}22${S}hornet`] },
  { name: ".17 HMR", patterns: [`${DOT}17${S}hmr`] },
  { name: ".17 WSM", patterns: [`${DOT}17${S}wsm`] },
  { name: ".204 Ruger", patterns: [`${DOT}204${S}ruger`, `\\.204`] },
  { name: ".222 Remington", patterns: [`${DOT}222${S}${REM}`] },
  { name: ".223 Remington", patterns: [`${DOT}223${S}${REM}`, `\\.223${NOT_UNIT}`, `223${NOT_UNIT}`] },
  { name: ".224 Valkyrie", patterns: [`${DOT}224${S}valk(?:yrie)?`] },
  { name: "5.56 NATO", patterns: [`5\\.56(?:${X}45)?${MM}(?:${S}nato)?`, `x?m(?:193|855(?:a1)?|856)`] },
  { name: "5.45x39mm", patterns: [`5\\.45${X}39${MM}`, `5\\.45\\s*mm`] },
  { name: "5.7x28mm", patterns: [`5\\.7${X}28${MM}`, `5\\.7\\s*mm`] },
  // 6mm - 7mm rifle
  { name: "6mm ARC", patterns: [`6\\s*mm${S}arc`] },
  { name: "6mm Creedmoor", patterns: [`6\\s*mm${S}creed(?:moor)?`] },
  { name: ".243 Winchester", patterns: [`${DOT}243${S}${WIN}`, `\\.243${NOT_UNIT}`] },
  { name: "6.5 Creedmoor", patterns: [`6\\.5${MM}${S}(?:creedmoor|creed|cm)`] },
  { name: "6.5 Grendel", patterns: [`6\\.5${MM}${S}grendel`] },
  { name: "6.5 PRC", patterns: [`6\\.5${MM}${S}prc`] },
  { name: "6.5x55mm Swedish", patterns: [`6\\.5${X}55${MM}(?:${S}(?:swedish|swede|se))?`] },
  { name: ".25-06 Remington", patterns: [`${DOT}25${S}06(?:${S}${REM})?`] },
  { name: ".25 ACP", patterns: [`${DOT}25${S}(?:acp|auto)`, `6\\.35(?:\\s*mm|${X}15)`] },
  { name: ".270 WSM", patterns: [`${DOT}270${S}wsm`] },
  { name: ".270 Winchester", patterns: [`${DOT}270${S}${WIN}`, `\\.270${NOT_UNIT}`] },
  { name: "6.8 SPC", patterns: [`6\\.8${MM}${S}(?:${REM}${S})?spc`] },
  { name: "7mm-08 Remington", patterns: [`7\\s*mm${S}08(?:${S}${REM})?`] },
  { name: "7mm PRC", patterns: [`7\\s*mm${S}prc`] },
  { name: "7mm Remington Magnum", patterns: [`7\\s*mm${S}(?:${REM}${S})?${MAG}`] },
  { name: ".280 Ackley Improved", patterns: [`${DOT}280${S}(?:ackley(?:${S}improved)?|ai)`] },
  { name: ".280 Remington", patterns: [`${DOT}280${S}${REM}`] },
  // 7.62 and .30 family
  { name: "7.62x25mm Tokarev", patterns: [`7\\.62${X}25${MM}(?:${S}tok(?:arev)?)?`, `7\\.62${S}tok(?:arev)?`] },
  { name: "7.62x39mm", patterns: [`7\\.62${X}39${MM}`] },
  { name: "7.62x51mm", patterns: [`7\\.62${X}51${MM}(?:${S}nato)?`, `7\\.62${MM}${S}nato`] },
  { name: "7.62x54mmR", patterns: [`7\\.62${X}54${MM}\\s*r?`] },
  { name: ".30 Carbine", patterns: [`${DOT}30${S}(?:m1${S})?carbine`] },
  { name: ".30-30 Winchester", patterns: [`${DOT}30${S}30(?:${S}${WIN})?`, `${DOT}30\\s*wcf`] },
  { name: ".30-06 Springfield", patterns: [`${DOT}30${S}06(?:${S}(?:springfield|sprg|spfld|sprfld|spr))?`] },
  { name: ".300 Blackout", patterns: [`${DOT}300${S}(?:aac${S})?(?:blackout|blk|bo)`, `7\\.62${X}35${MM}`] },
  { name: ".300 Winchester Magnum", patterns: [`${DOT}300${S}(?:${WIN}${S}${MAG}|wm)`] },
  { name: ".300 WSM", patterns: [`${DOT}300${S}wsm`] },
  { name: ".300 PRC", patterns: [`${DOT}300${S}prc`] },
  { name: ".303 British", patterns: [`${DOT}303${S}(?:british|brit)`] },
  { name: ".308 Winchester", patterns: [`${DOT}308${S}${WIN}`, `\\.308${NOT_UNIT}`, `308${NOT_UNIT}`] },
  { name: "8mm Mauser", patterns: [`8\\s*mm${S}mauser`, `7\\.92${X}57${MM}`, `8${X}57${MM}(?:\\s*(?:js|is))?`] },
  // handgun
  { name: ".32 ACP", patterns: [`${DOT}32${S}(?:acp|auto)`, `7\\.65${MM}${S}(?:browning|x\\s*17)`] },
  { name: ".338 Lapua Magnum", patterns: [`${DOT}338${S}(?:lapua(?:${S}${MAG})?|lm)`] },
  { name: ".338 Winchester Magnum", patterns: [`${DOT}338${S}${WIN}${S}${MAG}`] },
  { name: ".350 Legend", patterns: [`${DOT}350${S}legend`] },
  { name: ".357 SIG", patterns: [`${DOT}357${S}sig`] },
  { name: ".357 Magnum", patterns: [`${DOT}357${S}(?:${REM}${S})?${MAG}`] },
  { name: ".375 H&H Magnum", patterns: [`${DOT}375${S}h\\s*&\\s*h(?:${S}${MAG})?`] },
  { name: ".38 Super", patterns: [`${DOT}38${S}super(?:${S}auto)?(?:\\s*\\+\\s*p)?`] },
  { name: ".38 Special", patterns: [`${DOT}38${S}(?:special|spl|spcl|spec|sp)(?:\\s*\\+\\s*p)?`] },
  {
    name: ".380 ACP",
    patterns: [`${DOT}380${S}(?:acp|auto(?:matic)?)`, `9\\s*mm${S}(?:kurz|short|browning)`, `9${X}17${MM}`, `\\.380`],
  },
  { name: ".40 S&W", patterns: [`${DOT}40${S}${SW}`, `${DOT}40${S}cal(?:iber)?`] },
  { name: "10mm Auto", patterns: [`10\\s*mm(?:${S}auto(?:matic)?)?`] },
  { name: ".44 Magnum", patterns: [`${DOT}44${S}(?:${REM}${S})?${MAG}`] },
  { name: ".44 Special", patterns: [`${DOT}44${S}(?:s\\s*&\\s*w${S})?(?:special|spl|spec)`] },
  { name: ".45-70 Government", patterns: [`${DOT}45${S}70(?:${S}gov(?:ernment|t)?)?`] },
  { name: ".45 GAP", patterns: [`${DOT}45${S}g\\.?a\\.?p`] },
  { name: ".45 Colt", patterns: [`${DOT}45${S}(?:long${S}colt|colt|lc)`] },
  { name: ".45 ACP", patterns: [`${DOT}45${S}(?:acp|auto(?:matic)?(?:${S}colt${S}pistol)?|cal(?:iber)?)`] },
  { name: ".450 Bushmaster", patterns: [`${DOT}450${S}(?:bushmaster|bm)`] },
  { name: ".454 Casull", patterns: [`${DOT}454${S}casull`] },
  { name: ".458 SOCOM", patterns: [`${DOT}458${S}socom`] },
  { name: ".460 S&W Magnum", patterns: [`${DOT}460${S}${SW}(?:${S}${MAG})?`] },
  { name: ".500 S&W Magnum", patterns: [`${DOT}500${S}${SW}(?:${S}${MAG})?`] },
  { name: ".50 AE", patterns: [`${DOT}50${S}(?:ae|action${S}express)`] },
  { name: ".50 BMG", patterns: [`${DOT}50${S}bmg`, `12\\.7${X}99${MM}`] },
  { name: "9mm Makarov", patterns: [`9\\s*mm${S}(?:makarov|mak)`, `9${X}18${MM}(?:${S}(?:makarov|mak))?`] },
  {
    name: "9mm",
    patterns: [
      `9\\s*mm(?:${S}(?:luger|parabellum|para|nato))?`,
      `9${X}19${MM}(?:${S}(?:luger|parabellum|para|nato))?`,
      `9${S}(?:luger|parabellum)`,
    ],
  },
  // shotgun
  gauge(10),
  gauge(12),
  gauge(16),
  gauge(20),
  gauge(28),
  { name: ".410 Bore", patterns: [`${DOT}410${S}(?:bore|ga(?:uge)?|gage)`, `\\.410`] },
];

/**
 * Bare values that only make sense in a caliber column (`223`, `308`, `12`), keyed by the value with
 * dots, spaces and dashes removed. In a title these numbers are too ambiguous to read as calibers.
 */
export const BARE_CALIBER_VALUES: Record<string, string> = {
  "9": "9mm",
  "22": ".22 LR",
  "223": ".223 Remington",
  "556": "5.56 NATO",
  "243": ".243 Winchester",
  "270": ".270 Winchester",
  "308": ".308 Winchester",
  "3006": ".30-06 Springfield",
  "3030": ".30-30 Winchester",
  "380": ".380 ACP",
  "38": ".38 Special",
  "357": ".357 Magnum",
  "40": ".40 S&W",
  "44": ".44 Magnum",
  "45": ".45 ACP",
  "12": "12 Gauge",
  "16": "16 Gauge",
  "20": "20 Gauge",
  "28": "28 Gauge",
  "410": ".410 Bore",
};
