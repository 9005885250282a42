; Inno Setup 6.3+ script: installs dist\chantier\ (built by packaging\build.ps1) and the
; Start-menu shortcut. Compile: ISCC.exe /DAppVersion=0.1.0 packaging\installer.iss
; Nothing of the user's is written under {app}: the application keeps its data, backups
; and logs in %LOCALAPPDATA%\chantier_app (chantier_app/paths.py), which the uninstaller
; never touches, so uninstalling or upgrading keeps every record.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Chantier d'insertion"

[Setup]
; The AppId identifies the application across upgrades: never change it.
AppId={{476C9677-C460-474E-BB9C-448D7E6AB802}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=chantier_app
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Program Files when the person installing is an administrator; otherwise they may
; choose an installation for themselves only (no IT person needed).
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\chantier_app\resources\icons\chantier.ico
UninstallDisplayIcon={app}\Chantier.exe
UninstallDisplayName={#AppName}
OutputDir=..\dist
OutputBaseFilename=Chantier-installation-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; An upgrade replaces the whole folder, so files of an older version never linger.
Source: "..\dist\chantier\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\Chantier.exe"; Comment: "Salariés, contrats, heures, accompagnement et documents"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\Chantier.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Chantier.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
