# syncadmin on Windows: register the web app (waitress) and the automat (qcluster) as Windows
# services with NSSM (https://nssm.cc, nssm.exe on PATH). Run in an elevated PowerShell from
# the checkout, after `py -3.11 -m venv .venv` and `.venv\Scripts\pip install -e ".[windows]"`
# and with the settings in .env next to manage.py (from deploy\production.env.example).
# Integrated security (CompanyDatabase.trusted_connection): set -ServiceUser to the domain
# account that has access to the Optima databases; the services then log in to SQL Server as it.
param(
    [string]$Root = (Resolve-Path "$PSScriptRoot\..\.."),
    [string]$Listen = "127.0.0.1:8000",
    [string]$ServiceUser = "",          # e.g. "CONTOSO\svc-syncadmin" (integrated security)
    [string]$ServicePassword = ""
)
$ErrorActionPreference = "Stop"
$python = Join-Path $Root ".venv\Scripts\python.exe"
$waitress = Join-Path $Root ".venv\Scripts\waitress-serve.exe"
$logs = Join-Path $Root "var\service-logs"
New-Item -ItemType Directory -Force -Path $logs | Out-Null

& $python (Join-Path $Root "manage.py") migrate --noinput
& $python (Join-Path $Root "manage.py") collectstatic --noinput

$services = @(
    @{ Name = "syncadmin-web"; Exe = $waitress;
       Args = "--listen=$Listen --threads=8 syncadmin.wsgi:application" },
    @{ Name = "syncadmin-cluster"; Exe = $python; Args = "manage.py qcluster" }
)
foreach ($s in $services) {
    nssm install $s.Name $s.Exe $s.Args
    nssm set $s.Name AppDirectory $Root
    nssm set $s.Name AppStdout (Join-Path $logs "$($s.Name).log")
    nssm set $s.Name AppStderr (Join-Path $logs "$($s.Name).log")
    nssm set $s.Name AppRotateFiles 1
    nssm set $s.Name AppRotateBytes 10485760
    nssm set $s.Name AppStopMethodConsole 60000   # Ctrl+C first: qcluster stops its workers
    nssm set $s.Name Start SERVICE_AUTO_START
    if ($ServiceUser) { nssm set $s.Name ObjectName $ServiceUser $ServicePassword }
    nssm start $s.Name
}
Write-Host "Health: http://$Listen/health"
