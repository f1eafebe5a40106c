/**
 * Real-world-looking dealer titles → the attributes normalisation reads from the title alone
 * (the case DOMAIN.md calls out: missing columns leave the title as the only source).
 */
import { describe, expect, it } from "vitest";
import { normaliseListing } from "../../lib/feeds/normalise";

type Row = [
  title: string,
  caliber: string | null,
  grain: number | null,
  rounds: number | null,
  brand: string | null,
  bullet: string | null,
  caseType: string | null,
];

const TITLES: Row[] = [
  // 9mm in its many spellings
  ["Federal American Eagle 9mm Luger 115gr FMJ 50 Rounds", "9mm", 115, 50, "American Eagle", "FMJ", null],
  ["Winchester USA 9mm 115 Grain FMJ Brass 50rd Box", "9mm", 115, 50, "Winchester", "FMJ", "brass"],
  ["CCI Blazer Brass 9mm Luger 124gr FMJ 1000 Round Case", "9mm", 124, 1000, "Blazer", "FMJ", "brass"],
  ["Speer Gold Dot 9mm +P 124 Grain GDHP Box of 20", "9mm", 124, 20, "Speer", "JHP", null],
  ["Federal Premium HST 9mm 147gr JHP 50/box", "9mm", 147, 50, "Federal", "JHP", null],
  ["Hornady Critical Defense 9mm Luger 115gr FTX 25 Rds", "9mm", 115, 25, "Hornady", "FTX", null],
  ["Magtech 9x19mm 115gr FMJ 50 Round Box", "9mm", 115, 50, "Magtech", "FMJ", null],
  ["Sellier & Bellot 9mm Parabellum 115 GR FMJ 50ct", "9mm", 115, 50, "Sellier & Bellot", "FMJ", null],
  ["PMC Bronze 9MM LUGER 115-GRAIN FMJ 50 ROUNDS", "9mm", 115, 50, "PMC", "FMJ", null],
  ["Tula 9mm 115gr FMJ Steel Case 50 Rounds", "9mm", 115, 50, "Tula", "FMJ", "steel"],
  ["Wolf Performance 9mm Luger 115 Grain FMJ Steel Cased 500 Round Case", "9mm", 115, 500, "Wolf", "FMJ", "steel"],
  ["Fiocchi 9mm 124gr JHP Nickel Plated 25/box", "9mm", 124, 25, "Fiocchi", "JHP", "nickel"],
  ["Aguila 9mm 124 Grain FMJ 50 Rds", "9mm", 124, 50, "Aguila", "FMJ", null],
  ["Blazer Aluminum 9mm 115gr FMJ 50 Rounds", "9mm", 115, 50, "Blazer", "FMJ", "aluminum"],
  ["Sig Sauer Elite Performance 9mm 124gr V-Crown JHP 20 Rounds", "9mm", 124, 20, "Sig Sauer", "JHP", null],
  ["Remington UMC 9mm Luger 115 Grain MC 100 Round Value Pack", "9mm", 115, 100, "Remington", "FMJ", null],
  ["Geco 9mm Luger 124gr FMJ 50 Rounds", "9mm", 124, 50, "Geco", "FMJ", null],
  ["Federal Champion 9mm 115gr FMJ 200 Rounds (4 Boxes of 50)", "9mm", 115, 200, "Federal", "FMJ", null],
  ["Underwood 9mm Luger +P+ 90gr Xtreme Defender Solid Copper 20rd", "9mm", 90, 20, "Underwood", "Solid Copper", null],
  ["Norma 9mm 124gr TMJ 50 Rounds", "9mm", 124, 50, "Norma", "TMJ", null],
  ["PPU 9mm Luger 115gr FMJ 50rds", "9mm", 115, 50, "Prvi Partizan", "FMJ", null],
  // other handgun calibers
  ["Hornady Critical Defense .380 ACP 90gr FTX 25/box", ".380 ACP", 90, 25, "Hornady", "FTX", null],
  ["Federal Hydra-Shok 380 Auto 90 Grain JHP 20 Rounds", ".380 ACP", 90, 20, "Federal", "JHP", null],
  ["Remington UMC .45 Auto 230 Grain MC 100 Rds", ".45 ACP", 230, 100, "Remington", "FMJ", null],
  ["Winchester Ranger 45 ACP 230gr T-Series JHP 50 Rounds", ".45 ACP", 230, 50, "Winchester", "JHP", null],
  ["Speer Lawman .45 Auto 230gr TMJ 50 Round Box", ".45 ACP", 230, 50, "Speer", "TMJ", null],
  ["Speer Gold Dot 40 S&W 180gr GDHP Box of 20", ".40 S&W", 180, 20, "Speer", "JHP", null],
  ["Federal American Eagle .40 S&W 165 Grain FMJ 50 Rounds", ".40 S&W", 165, 50, "American Eagle", "FMJ", null],
  ["Magtech 40SW 180gr FMJ 50rd", ".40 S&W", 180, 50, "Magtech", "FMJ", null],
  ["Fiocchi .38 Special 130gr FMJ 50ct", ".38 Special", 130, 50, "Fiocchi", "FMJ", null],
  ["Magtech 38 Spl 158 Grain LRN 50 Rounds", ".38 Special", 158, 50, "Magtech", "LRN", null],
  ["Hornady .38 Special +P 110gr FTX Critical Defense 25rd", ".38 Special", 110, 25, "Hornady", "FTX", null],
  ["Remington .357 Magnum 158gr SJHP 50 Rounds", ".357 Magnum", 158, 50, "Remington", "SJHP", null],
  ["Federal 357 Mag 158 Grain JSP 50/box", ".357 Magnum", 158, 50, "Federal", "JSP", null],
  ["Speer Gold Dot .357 SIG 125gr GDHP 50 Rounds", ".357 SIG", 125, 50, "Speer", "JHP", null],
  ["Sig Sauer 10mm Auto 180gr V-Crown JHP 20 Rounds", "10mm Auto", 180, 20, "Sig Sauer", "JHP", null],
  ["Hornady Custom .44 Magnum 240gr XTP 20rd", ".44 Magnum", 240, 20, "Hornady", "JHP", null],
  ["Winchester Super-X .45 Colt 255gr Lead Round Nose 50 Rounds", ".45 Colt", 255, 50, "Winchester", "LRN", null],
  ["Fiocchi .32 ACP 73gr FMJ 50 Rounds", ".32 ACP", 73, 50, "Fiocchi", "FMJ", null],
  ["Magtech .25 Auto 50gr FMJ 50rd", ".25 ACP", 50, 50, "Magtech", "FMJ", null],
  ["Federal American Eagle 5.7x28mm 40gr FMJ 50 Rounds", "5.7x28mm", 40, 50, "American Eagle", "FMJ", null],
  ["Tula 9x18 Makarov 92gr FMJ Steel Case 50rd", "9mm Makarov", 92, 50, "Tula", "FMJ", "steel"],
  ["Sellier & Bellot 7.62x25 Tokarev 85gr FMJ 50 Rounds", "7.62x25mm Tokarev", 85, 50, "Sellier & Bellot", "FMJ", null],
  // rimfire
  ["CCI Standard Velocity .22 LR 40gr LRN 50 Rounds", ".22 LR", 40, 50, "CCI", "LRN", null],
  ["Federal AutoMatch 22 Long Rifle 40 Grain Solid Point 325 Rounds", ".22 LR", 40, 325, "Federal", "LRN", null],
  ["Aguila Super Extra 22LR 38gr Copper Plated Hollow Point 500 Round Brick", ".22 LR", 38, 500, "Aguila", "HP", null],
  ["Winchester .22 WMR 40gr JHP 50 Rounds", ".22 WMR", 40, 50, "Winchester", "JHP", null],
  ["Hornady 17 HMR 17gr V-MAX 50rd", ".17 HMR", 17, 50, "Hornady", "V-MAX", null],
  // rifle: .223 and 5.56 stay apart
  ["PMC Bronze .223 Rem 55gr FMJ-BT 1000 Round Case", ".223 Remington", 55, 1000, "PMC", "FMJ", null],
  ["Hornady Black .223 Remington 62 Grain FMJ 20 Rounds", ".223 Remington", 62, 20, "Hornady", "FMJ", null],
  ["Hornady 223 55gr V-MAX 50 Rounds", ".223 Remington", 55, 50, "Hornady", "V-MAX", null],
  ["Wolf Polyformance .223 Remington 55gr FMJ Steel Case 500 Rounds", ".223 Remington", 55, 500, "Wolf", "FMJ", "steel"],
  ["Federal Gold Medal .223 Rem 77gr Sierra MatchKing BTHP 20rd", ".223 Remington", 77, 20, "Federal", "BTHP", null],
  ["Winchester USA 5.56x45mm NATO 55 Grain FMJ Brass 20rd Box", "5.56 NATO", 55, 20, "Winchester", "FMJ", "brass"],
  ["Federal American Eagle XM193 5.56mm 55gr FMJ 20 Rounds", "5.56 NATO", 55, 20, "American Eagle", "FMJ", null],
  ["PMC X-TAC 5.56 NATO 62gr M855 Green Tip 1000 Round Case", "5.56 NATO", 62, 1000, "PMC", null, null],
  ["IMI 5.56 x 45 77gr OTM 30 Rounds", "5.56 NATO", 77, 30, null, "BTHP", null],
  ["Hornady 300 AAC Blackout 110gr V-MAX 20 Rounds", ".300 Blackout", 110, 20, "Hornady", "V-MAX", null],
  ["Sig Sauer .300 BLK 220gr OTM Subsonic 20rd", ".300 Blackout", 220, 20, "Sig Sauer", "BTHP", null],
  ["Tula 7.62x39 122gr FMJ Steel Case 20 Rounds", "7.62x39mm", 122, 20, "Tula", "FMJ", "steel"],
  ["Barnaul 7.62x39mm 123 Grain HP Steel Cased 500 Rd Case", "7.62x39mm", 123, 500, "Barnaul", "HP", "steel"],
  ["Barnaul 7.62x54R 174gr FMJ Steel 20 ct", "7.62x54mmR", 174, 20, "Barnaul", "FMJ", "steel"],
  ["Sellier & Bellot .308 Win 147gr FMJ - 20 Rounds", ".308 Winchester", 147, 20, "Sellier & Bellot", "FMJ", null],
  ["Hornady 308 168gr ELD Match 20rds", ".308 Winchester", 168, 20, "Hornady", "ELD Match", null],
  ["Federal Gold Medal .308 Winchester 175gr Sierra MatchKing BTHP 20 Rounds", ".308 Winchester", 175, 20, "Federal", "BTHP", null],
  ["Winchester USA 7.62x51mm NATO 147gr FMJ 20 Rounds", "7.62x51mm", 147, 20, "Winchester", "FMJ", null],
  ["Hornady Match 6.5 Creedmoor 140gr ELD Match 20rds", "6.5 Creedmoor", 140, 20, "Hornady", "ELD Match", null],
  ["Hornady Precision Hunter 6.5mm Creedmoor 143gr ELD-X 20 Rounds", "6.5 Creedmoor", 143, 20, "Hornady", "ELD-X", null],
  ["Hornady 6.5 Grendel 123gr ELD Match 20rd", "6.5 Grendel", 123, 20, "Hornady", "ELD Match", null],
  ["Remington Core-Lokt .30-06 Springfield 150gr PSP 20 Rounds", ".30-06 Springfield", 150, 20, "Remington", "SP", null],
  ["Winchester Super-X 30-30 Win 150gr Power-Point 20rd", ".30-30 Winchester", 150, 20, "Winchester", null, null],
  ["Federal Power-Shok .270 Win 130gr Soft Point 20 Rounds", ".270 Winchester", 130, 20, "Federal", "SP", null],
  ["Nosler Trophy Grade .300 Win Mag 180gr AccuBond 20/box", ".300 Winchester Magnum", 180, 20, "Nosler", "Polymer Tip", null],
  ["Lapua .338 Lapua Magnum 250gr Scenar 10 Rounds", ".338 Lapua Magnum", 250, 10, "Lapua", null, null],
  ["Hornady .243 Win 95gr SST 20 Rounds", ".243 Winchester", 95, 20, "Hornady", "Polymer Tip", null],
  ["Winchester .350 Legend 145gr FMJ 20rd", ".350 Legend", 145, 20, "Winchester", "FMJ", null],
  ["Hornady .450 Bushmaster 250gr FTX 20 Rounds", ".450 Bushmaster", 250, 20, "Hornady", "FTX", null],
  ["Remington .45-70 Gov't 405gr SP 20 Rounds", ".45-70 Government", 405, 20, "Remington", "SP", null],
  ["Prvi Partizan 8mm Mauser 198gr FMJ 20 Rounds", "8mm Mauser", 198, 20, "Prvi Partizan", "FMJ", null],
  ["PPU .303 British 174gr FMJ 20rd", ".303 British", 174, 20, "Prvi Partizan", "FMJ", null],
  ["Hornady 6mm ARC 108gr ELD Match 20 Rounds", "6mm ARC", 108, 20, "Hornady", "ELD Match", null],
  ["Federal .50 BMG 660gr FMJ 10 Rounds", ".50 BMG", 660, 10, "Federal", "FMJ", null],
  // shotgun
  ["Federal Premium 12 Gauge 2-3/4\" 00 Buck 9 Pellet 5 Rounds", "12 Gauge", null, 5, "Federal", "Buckshot", null],
  ["Winchester Super-X 12ga 2-3/4in 1oz Rifled Slug 5rd", "12 Gauge", null, 5, "Winchester", "Slug", null],
  ["Remington Gun Club 12 GA 2-3/4\" 1-1/8 oz #8 Shot 25 Shells", "12 Gauge", null, 25, "Remington", "Birdshot", null],
  ["Fiocchi 20 Gauge 2-3/4\" 7/8oz #7.5 Target Load Box of 25", "20 Gauge", null, 25, "Fiocchi", "Birdshot", null],
  ["Hornady .410 Bore Critical Defense 2.5\" 10 Rounds", ".410 Bore", null, 10, "Hornady", "FTX", null],
  ["Estate 12 Gauge Steel Shot #4 Waterfowl 25rd", "12 Gauge", null, 25, "Estate", "Birdshot", null],
  // markup and oddities in titles
  ["<b>Federal</b> American Eagle 9mm 115gr FMJ 50 Rounds", "9mm", 115, 50, "American Eagle", "FMJ", null],
  ["Sellier &amp; Bellot 9mm 124gr FMJ 50 Rounds", "9mm", 124, 50, "Sellier & Bellot", "FMJ", null],
  ["  Hornady   .223  Rem   55gr   FMJ   50  Rounds  ", ".223 Remington", 55, 50, "Hornady", "FMJ", null],
  ["Winchester 9mm 115gr FMJ 50rd\u00a0Box\u2009", "9mm", 115, 50, "Winchester", "FMJ", null],
  ["Generic range ammo, assorted", null, null, null, null, null, null],
];

describe("title normalisation table", () => {
  it("has at least 80 titles", () => {
    expect(TITLES.length).toBeGreaterThanOrEqual(80);
  });

  it.each(TITLES)("%s", (title, caliber, grain, rounds, brand, bullet, caseType) => {
    const result = normaliseListing({ title, price: "19.99" });
    if (!result.ok) throw new Error(result.reason);
    const r = result.record;
    expect({
      caliber: r.caliber,
      grain: r.grainWeight,
      rounds: r.roundCount,
      brand: r.brand,
      bullet: r.bulletType,
      caseType: r.caseType,
    }).toEqual({ caliber, grain, rounds, brand, bullet, caseType });
    expect(r.title).not.toMatch(/[<>]|&amp;|\s{2}|^\s|\s$/);
  });
});
