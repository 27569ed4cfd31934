// The one "R" logo: public/logo.svg is also the favicon (app/layout.tsx metadata).
export function Logo({ size = 28, textClass = 'text-lg' }: { size?: number; textClass?: string }) {
  return (
    <span className="flex items-center gap-2">
      {/* eslint-disable-next-line @next/next/no-img-element -- a static SVG, nothing to optimise */}
      <img src="/logo.svg" alt="" width={size} height={size} />
      <span className={`${textClass} font-semibold text-white`}>Recall</span>
    </span>
  );
}
