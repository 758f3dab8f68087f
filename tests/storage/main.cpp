#define BOOST_TEST_MODULE reel storage
#include <boost/test/unit_test.hpp>
