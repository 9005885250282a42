# Build the one-folder application into dist\chantier\ (Windows), then, when Inno Setup 6
# is installed, the installer dist\Chantier-installation-<version>.exe.
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1
# The virtualenv needs the application and PyInstaller: .venv\Scripts\pip install -e ".[packaging]"
# ASCII only: Windows PowerShell 5.1 reads a script without a BOM in the ANSI code page.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$Python = if ($env:PYTHON) { $env:PYTHON } else { ".venv\Scripts\python.exe" }

$watch = [Diagnostics.Stopwatch]::StartNew()
& $Python -m PyInstaller --noconfirm --clean `
    --distpath dist --workpath build\pyinstaller packaging\chantier.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed ($LASTEXITCODE)" }
$size = (Get-ChildItem dist\chantier -Recurse -File | Measure-Object Length -Sum).Sum / 1MB
"Built dist\chantier\ in {0:N0} s, {1:N0} MB." -f $watch.Elapsed.TotalSeconds, $size
& dist\chantier\chantier-cli.exe --version
if ($LASTEXITCODE -ne 0) { throw "dist\chantier\chantier-cli.exe --version failed" }

$version = (& $Python -c "import chantier_app; print(chantier_app.__version__)").Trim()
$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (Test-Path $iscc) {
    & $iscc "/DAppVersion=$version" packaging\installer.iss
    if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed ($LASTEXITCODE)" }
} else {
    "Inno Setup 6 not found ($iscc): dist\chantier\ is built, the installer is not."
}
