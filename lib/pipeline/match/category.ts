/**
 * The category of a cartridge (a semantic field of a product: it lets "pistol ammo" find 9mm). Only the
 * canonical caliber spellings of lib/feeds/normalise are classified; anything else has no category rather
 * than a guessed one.
 */
export type Category = "handgun" | "rifle" | "rimfire" | "shotgun";

const RIMFIRE = [".22 LR", ".22 WMR", ".22 Short", ".17 HMR", ".17 WSM"];
const HANDGUN = [
  "9mm", "9mm Makarov", ".380 ACP", ".32 ACP", ".25 ACP", ".38 Special", ".38 Super", ".357 Magnum", ".357 SIG",
  ".40 S&W", "10mm Auto", ".45 ACP", ".45 GAP", ".45 Colt", ".44 Magnum", ".44 Special", ".454 Casull",
  ".460 S&W Magnum", ".500 S&W Magnum", ".50 AE", "5.7x28mm", "7.62x25mm Tokarev",
];
const RIFLE = [
  ".22-250 Remington", ".22 Hornet", ".204 Ruger", ".222 Remington", ".223 Remington", ".224 Valkyrie", "5.56 NATO",
  "5.45x39mm", "6mm ARC", "6mm Creedmoor", ".243 Winchester", "6.5 Creedmoor", "6.5 Grendel", "6.5 PRC",
  "6.5x55mm Swedish", ".25-06 Remington", ".270 WSM", ".270 Winchester", "6.8 SPC", "7mm-08 Remington", "7mm PRC",
  "7mm Remington Magnum", ".280 Ackley Improved", ".280 Remington", "7.62x39mm", "7.62x51mm", "7.62x54mmR",
  ".30 Carbine", ".30-30 Winchester", ".30-06 Springfield", ".300 Blackout", ".300 Winchester Magnum", ".300 WSM",
  ".300 PRC", ".303 British", ".308 Winchester", "8mm Mauser", ".338 Lapua Magnum", ".338 Winchester Magnum",
  ".350 Legend", ".375 H&H Magnum", ".45-70 Government", ".450 Bushmaster", ".458 SOCOM", ".50 BMG",
];

const byCaliber = new Map<string, Category>([
  ...RIMFIRE.map((c) => [c.toLowerCase(), "rimfire"] as const),
  ...HANDGUN.map((c) => [c.toLowerCase(), "handgun"] as const),
  ...RIFLE.map((c) => [c.toLowerCase(), "rifle"] as const),
]);

export function categoryOf(caliber: string): Category | null {
  const key = caliber.trim().toLowerCase();
  if (/\bgauge$/.test(key) || key === ".410 bore") return "shotgun";
  return byCaliber.get(key) ?? null;
}
