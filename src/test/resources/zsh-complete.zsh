# zsh-complete.zsh LINE EXPECT: types LINE and a Tab into an interactive zsh (in a pseudo-terminal,
# with compinit, as a user's shell has it), then prints what the screen shows until a line
# matching the regex EXPECT appears, or 60 s pass. DebPackageSpec runs it with zsh -f.
setopt extendedglob
zmodload zsh/zpty
zpty -b z 'zsh -f -i'
zpty -w z 'PS1="%% "; fpath=(/usr/share/zsh/vendor-completions $fpath); autoload -U compinit; compinit -u -D; nslab() { :; }; print RE""ADY'
# wait until the shell took that line: its prompt is ready for the next
screen=""
for i in {1..600}; do
  zpty -r -t z chunk && screen+=$chunk
  [[ $screen == *$'\n'READY* ]] && break
  sleep 0.1
done
sleep 0.5
while zpty -r -t z chunk; do :; done
zpty -n -w z "$1"$'\t'
screen=""
for i in {1..600}; do
  zpty -r -t z chunk && screen+=$chunk
  plain=${(S)screen//$'\e'\[[0-9;?]#[a-zA-Z]/}
  [[ $plain =~ $2 ]] && break
  sleep 0.1
done
print -r -- "$plain"
zpty -d z
