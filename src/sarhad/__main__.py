from sarhad.cli import app

app(prog_name="sarhad")
