// The line editor as libedit's readline-compatible API. The Swift code uses only what
// libedit and GNU readline share; the few differences live in the `solvus_` helpers below,
// which Sources/CReadline/shim.h defines with the same names for GNU readline.
#include <stdio.h>
#include <editline/readline.h>

/// Sets the characters that end a word for completion. libedit reads
/// rl_basic_word_break_characters when it completes; set both for good measure.
static inline void solvus_set_word_break_characters(const char *chars) {
    rl_basic_word_break_characters = chars;
    rl_completer_word_break_characters = (char *)chars;
}

/// Abandons the line being edited in callback mode after Ctrl-C.
/// Removing the handler leaves unbuffered mode and restores the terminal (read_finish);
/// the next rl_callback_handler_install clears the line buffer (read_prepare -> ch_reset).
static inline void solvus_abandon_line(void) {
    rl_callback_handler_remove();
}

/// Sets the terminal up again and redraws the prompt and line after the process was stopped
/// (Ctrl-Z) and continued (`fg`): the shell has restored its own terminal settings meanwhile.
/// libedit believes the terminal is still raw, so go through cooked mode first.
static inline void solvus_resume_line(void) {
    rl_deprep_terminal();
    rl_prep_terminal(1);
    rl_forced_update_display();
}
