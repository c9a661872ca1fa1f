// The line editor as GNU readline. The Swift code uses only what libedit and GNU readline
// share; the few differences live in the `solvus_` helpers below, which
// Sources/CLibedit/shim.h defines with the same names for libedit.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/// Sets the characters that end a word for completion. (readline declares
/// rl_completer_word_break_characters const, libedit does not.)
static inline void solvus_set_word_break_characters(const char *chars) {
    rl_basic_word_break_characters = chars;
    rl_completer_word_break_characters = chars;
}

/// Abandons the line being edited in callback mode after Ctrl-C: the readline manual's
/// pattern for an application that handles SIGINT itself (rl_catch_signals = 0).
static inline void solvus_abandon_line(void) {
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_cleanup_after_signal();
    rl_callback_handler_remove();
}

/// Sets the terminal up again and redraws the prompt and line after the process was stopped
/// (Ctrl-Z) and continued (`fg`): the shell has restored its own terminal settings meanwhile.
/// The readline manual's pair for signals the application handles: clean up, then reset.
static inline void solvus_resume_line(void) {
    rl_cleanup_after_signal();
    rl_reset_after_signal();
    rl_on_new_line();
    rl_redisplay();
}
